package org.civicbroker.query.q;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The attribute path of a query term (clause 4.9: attrName, attrPathName, compoundAttrName).
 *
 * <ul>
 *   <li>{@code attribute}: the attribute name (a term before {@link #resolve}, an IRI after);</li>
 *   <li>{@code subAttributes}: the dot-separated sub-attribute chain ({@code attr.sub});</li>
 *   <li>{@code meta}: a trailing {@code observedAt}, {@code createdAt}, {@code modifiedAt},
 *       {@code unitCode} or {@code datasetId}, which names the member of the (sub-)attribute rather
 *       than a sub-attribute;</li>
 *   <li>{@code keys}: the path inside the value ({@code attr[a.b]} or {@code attr[a][b]}); for a
 *       LanguageProperty the first key is the language tag ({@code name[en]}). Keys are never expanded:
 *       compound values are stored verbatim.</li>
 * </ul>
 */
public record QPath(String attribute, List<String> subAttributes, Meta meta, List<String> keys) {

    /** Members of an attribute that a q path may address instead of a sub-attribute. */
    public enum Meta {
        OBSERVED_AT("observedAt", true), CREATED_AT("createdAt", true), MODIFIED_AT("modifiedAt", true),
        UNIT_CODE("unitCode", false), DATASET_ID("datasetId", false);

        private final String field;
        private final boolean timestamp;

        Meta(String field, boolean timestamp) {
            this.field = field;
            this.timestamp = timestamp;
        }

        /** The member name, which is also the stored field name (see EntityDocuments). */
        public String field() {
            return field;
        }

        public boolean isTimestamp() {
            return timestamp;
        }

        public static Meta of(String term) {
            for (Meta m : values()) {
                if (m.field.equals(term)) {
                    return m;
                }
            }
            return null;
        }
    }

    public QPath {
        Objects.requireNonNull(attribute);
        subAttributes = List.copyOf(subAttributes);
        keys = List.copyOf(keys);
        if (meta != null && !keys.isEmpty()) {
            throw new IllegalArgumentException("a path has either a meta member or value keys");
        }
    }

    /** Expands the attribute and sub-attribute names; meta members and value keys stay as written. */
    public QPath resolve(UnaryOperator<String> expander) {
        List<String> subs = new ArrayList<>(subAttributes.size());
        subAttributes.forEach(s -> subs.add(expander.apply(s)));
        return new QPath(expander.apply(attribute), subs, meta, keys);
    }

    /** True for a plain attribute path: the attribute's own value (any language of a LanguageProperty). */
    public boolean isTopLevelValue() {
        return subAttributes.isEmpty() && meta == null && keys.isEmpty();
    }
}
