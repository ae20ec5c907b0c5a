package org.civicbroker.query.lang;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.FieldNames;

/**
 * Entity ordering, the {@code orderBy} parameter of GS CIM 009 V1.9.1 (clause 4.23), in the form
 * Stellio implements ({@code attributePath;direction}, directions {@code asc}/{@code desc}, default
 * ascending):
 *
 * <pre>
 * orderBy   = sortKey *( "," sortKey )
 * sortKey   = path [ ";" direction ]
 * direction = "asc" / "desc"           ; "dist-asc" / "dist-desc" (geo distance) are not supported: 422
 * path      = "id" / "type" / "createdAt" / "modifiedAt" / attrName [ "[" key *( "." key ) "]" ]
 * key       = 1*( letter / digit / "_" / "-" )   ; a member of a compound (JSON object) value
 * </pre>
 *
 * A {@code -name} prefix (NGSIv2 style) is refused with a hint, as is naming the same path twice.
 * Every ordering ends with {@code _id} ascending (unless id was named) so that pages are stable.
 *
 * @param keys the keys as given (the {@code _id} tie-breaker is added by the back-ends)
 */
public record OrderBy(List<SortKey> keys) {

    public static final String PARAM = "orderBy";

    /** Appended to the attribute's storage path: the member holding the default value of an instance. */
    public static final String VALUE_MEMBER = "value";

    private static final Map<String, SortKey.Field> SPECIAL = Map.of(
            "id", SortKey.Field.ID, "type", SortKey.Field.TYPE,
            "createdAt", SortKey.Field.CREATED_AT, "modifiedAt", SortKey.Field.MODIFIED_AT);

    public OrderBy {
        keys = List.copyOf(keys);
    }

    /** Parses {@code orderBy}, expanding attribute names with {@code expander}. */
    public static OrderBy parse(String input, UnaryOperator<String> expander) {
        ParamText.require(PARAM, input);
        List<SortKey> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int offset = 0;
        for (String part : input.split(",", -1)) {
            SortKey key = parseKey(input, part, offset, expander);
            String identity = key.field() + " " + key.attribute() + " " + key.subAttributes() + " " + key.member() + " "
                    + key.valueKeys();
            if (!seen.add(identity)) {
                throw ParamText.error(PARAM, input, offset, "'" + part + "' orders by a path already named");
            }
            keys.add(key);
            offset += part.length() + 1;
        }
        return new OrderBy(keys);
    }

    private static SortKey parseKey(String input, String part, int offset, UnaryOperator<String> expander) {
        int semi = part.indexOf(';');
        String path = semi < 0 ? part : part.substring(0, semi);
        boolean descending = semi >= 0 && direction(input, part.substring(semi + 1), offset + semi + 1);
        if (path.startsWith("-")) {
            throw ParamText.error(PARAM, input, offset, "use '" + path.substring(1) + ";desc' for descending order");
        }
        SortKey.Field special = SPECIAL.get(path);
        if (special != null) {
            return SortKey.of(special, descending);
        }
        int bracket = path.indexOf('[');
        String name = bracket < 0 ? path : path.substring(0, bracket);
        ParamText.checkName(PARAM, input, name, offset);
        if (SPECIAL.containsKey(name)) {
            throw ParamText.error(PARAM, input, offset + bracket, "'" + name + "' has no compound value to index");
        }
        // clause 4.23.3 EXAMPLE 5: a dot-separated attribute path (sub-attributes, then optionally observedAt,
        // createdAt or modifiedAt); a full IRI is one name (its dots are its own)
        List<String> segments = name.contains(":") ? List.of(name) : List.of(name.split("\\.", -1));
        List<String> subs = new ArrayList<>();
        String member = null;
        for (int i = 1; i < segments.size(); i++) {
            String seg = segments.get(i);
            if (seg.isEmpty()) {
                throw ParamText.error(PARAM, input, offset, "empty name in attribute path '" + name + "'");
            }
            if (i == segments.size() - 1 && SortKey.TIME_MEMBERS.contains(seg)) {
                member = seg;
            } else {
                subs.add(expand(expander, seg));
            }
        }
        if (member != null && bracket >= 0) {
            throw ParamText.error(PARAM, input, offset + bracket, "'" + member + "' has no compound value to index");
        }
        List<String> valueKeys = bracket < 0 ? List.of() : valueKeys(input, path.substring(bracket), offset + bracket);
        return new SortKey(SortKey.Field.ATTRIBUTE, expand(expander, segments.get(0)), valueKeys, descending, subs, member);
    }

    private static String expand(UnaryOperator<String> expander, String name) {
        String iri = expander.apply(name);
        if (iri == null || iri.isEmpty()) {
            throw NgsiException.badData("'" + PARAM + "': attribute name '" + name + "' cannot be expanded");
        }
        return iri;
    }

    private static boolean direction(String input, String dir, int at) {
        return switch (dir) {
            case "asc" -> false;
            case "desc" -> true;
            case "dist-asc", "dist-desc" -> throw new NgsiException(ErrorType.OPERATION_NOT_SUPPORTED,
                    "'" + PARAM + "': ordering by distance (" + dir + ") is not supported");
            default -> throw ParamText.error(PARAM, input, at, "direction must be 'asc' or 'desc'");
        };
    }

    private static List<String> valueKeys(String input, String bracketed, int at) {
        if (!bracketed.endsWith("]") || bracketed.length() < 3) {
            throw ParamText.error(PARAM, input, at, "expected '[key(.key)*]'");
        }
        List<String> keys = new ArrayList<>();
        int pos = at + 1;
        for (String key : bracketed.substring(1, bracketed.length() - 1).split("\\.", -1)) {
            if (key.isEmpty() || !key.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                throw ParamText.error(PARAM, input, pos, "invalid key '" + key + "' in compound value path");
            }
            keys.add(key);
            pos += key.length() + 1;
        }
        return keys;
    }

    /**
     * The MongoDB sort document. {@code storagePath} maps an attribute IRI to the path of its instance
     * array (e.g. {@code attrs.<encoded IRI>}); {@code .value} and the compound keys are appended. Ends
     * with {@code _id: 1}. MongoDB places missing values first in ascending order (unlike
     * {@link #comparator()}).
     */
    public Bson toBson(Function<String, String> storagePath) {
        Document sort = new Document();
        for (SortKey k : keys) {
            String path = k.field() == SortKey.Field.ATTRIBUTE
                    ? Objects.requireNonNull(storagePath.apply(k.attribute()), "storage path")
                            + k.subAttributes().stream().map(s -> "." + EntityDocuments.SUB + "." + FieldNames.encode(s))
                                    .reduce("", String::concat)
                            + "." + k.member()
                            + k.valueKeys().stream().map(s -> "." + s).reduce("", String::concat)
                    : k.field().storageField();
            sort.append(path, k.descending() ? -1 : 1);
        }
        if (!sort.containsKey(SortKey.Field.ID.storageField())) {
            sort.append(SortKey.Field.ID.storageField(), 1);
        }
        return sort;
    }

    /** The same ordering in memory (see {@link EntityOrdering}), with missing values last. */
    public Comparator<Entity> comparator() {
        return EntityOrdering.comparator(keys);
    }
}
