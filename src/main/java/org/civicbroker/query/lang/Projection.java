package org.civicbroker.query.lang;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;

/**
 * Which members of an entity a response keeps: the result of {@code attrs} (clause 6.3.x, a comma list of
 * attribute names) or of {@code pick}/{@code omit} (V1.8.1 clause 4.21, attribute projection language,
 * grammar in {@link ProjectionItem}).
 *
 * <ul>
 * <li>{@code pick} keeps only what it names; the entity members {@code id}, {@code type} and
 *     {@code scope} are kept only when named ({@code pick=id} yields ids only).</li>
 * <li>{@code omit} drops what it names ({@code omit=type} drops the type).</li>
 * <li>{@code attrs} keeps id, type and scope and only the listed attributes.</li>
 * <li>{@code rel{a,b}} (clause 4.21) applies {@code a,b} to the entity linked by Relationship {@code rel}
 *     when linked entities are retrieved (clause 4.5.23, {@code join}); it is not a sub-attribute
 *     selection. In {@code pick} it also keeps {@code rel}; in {@code omit} it does not drop {@code rel},
 *     only {@code a,b} from the linked entity.</li>
 * <li>{@code pick} with {@code omit}, or either with {@code attrs}, is 400 BadRequestData: they are
 *     alternative projections and the broker refuses to guess how to combine them.</li>
 * <li>Every error is 400 BadRequestData (clauses 5.7.1.4, 5.7.2.4: the projection is input data of the
 *     operation), syntax errors included; {@code attrs} naming an entity member ({@code id},
 *     {@code type}, ...) instead of an attribute too.</li>
 * </ul>
 *
 * @param kind ALL (no projection), PICK or OMIT
 * @param members entity members named ({@link #ID}, {@link #TYPE}, {@link #SCOPE})
 * @param attributes expanded attribute IRIs named without a nested projection
 * @param linked expanded Relationship IRI to the projection of its linked entity
 */
public record Projection(Kind kind, Set<String> members, Set<String> attributes, Map<String, Projection> linked) {

    public enum Kind { ALL, PICK, OMIT }

    public static final String ID = "id";
    public static final String TYPE = "type";
    public static final String SCOPE = "scope";
    private static final Set<String> MEMBERS = Set.of(ID, TYPE, SCOPE);
    private static final Set<String> NOT_ATTRIBUTES = Set.of(ID, TYPE, SCOPE, "createdAt", "modifiedAt", "deletedAt",
            "@context", "@id", "@type");
    private static final Projection ALL = new Projection(Kind.ALL, Set.of(), Set.of(), Map.of());

    public Projection {
        members = Collections.unmodifiableSet(new LinkedHashSet<>(members));
        attributes = Collections.unmodifiableSet(new LinkedHashSet<>(attributes));
        linked = Collections.unmodifiableMap(new LinkedHashMap<>(linked));
    }

    /** Keeps everything. */
    public static Projection all() {
        return ALL;
    }

    /**
     * Builds the projection of a request from its {@code attrs}, {@code pick} and {@code omit} parameters
     * (each null when absent), expanding attribute names with {@code expander}.
     */
    public static Projection of(String attrs, String pick, String omit, UnaryOperator<String> expander) {
        if (pick != null && omit != null) {
            throw NgsiException.badData("'pick' and 'omit' cannot be used together");
        }
        if (attrs != null && (pick != null || omit != null)) {
            throw NgsiException.badData("'attrs' cannot be used together with '" + (pick != null ? "pick" : "omit") + "'");
        }
        if (attrs != null) {
            return attrs(attrs, expander);
        }
        if (pick != null) {
            return build(Kind.PICK, "pick", badData(() -> ProjectionItem.parse("pick", pick)), expander);
        }
        return omit == null ? ALL : build(Kind.OMIT, "omit", badData(() -> ProjectionItem.parse("omit", omit)), expander);
    }

    /**
     * The {@code attrs} parameter: a comma-separated list of attribute names, no nesting. Entity members
     * ({@code id}, {@code type}, {@code scope}, system timestamps) are not attributes: naming one is 400.
     */
    public static Projection attrs(String attrs, UnaryOperator<String> expander) {
        Set<String> iris = new LinkedHashSet<>();
        badData(() -> {
            ParamText.require("attrs", attrs);
            int offset = 0;
            for (String name : attrs.split(",", -1)) {
                ParamText.checkName("attrs", attrs, name, offset);
                if (NOT_ATTRIBUTES.contains(name)) {
                    throw NgsiException.badData("'attrs': '" + name + "' is an entity member, not an attribute name");
                }
                iris.add(expand("attrs", name, expander));
                offset += name.length() + 1;
            }
            return iris;
        });
        return new Projection(Kind.PICK, MEMBERS, iris, Map.of());
    }

    /** Runs a parse; its InvalidRequest syntax errors become BadRequestData (see the class comment). */
    private static <T> T badData(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (NgsiException e) {
            throw e.type() == ErrorType.INVALID_REQUEST ? NgsiException.badData(e.getMessage()) : e;
        }
    }

    private static Projection build(Kind kind, String param, List<ProjectionItem> items, UnaryOperator<String> expander) {
        Set<String> members = new LinkedHashSet<>();
        Set<String> attributes = new LinkedHashSet<>();
        Map<String, Projection> linked = new LinkedHashMap<>();
        for (ProjectionItem item : items) {
            if (MEMBERS.contains(item.name())) {
                if (!item.nested().isEmpty()) {
                    throw NgsiException.badData("'" + param + "': '" + item.name() + "' cannot have a nested projection");
                }
                members.add(item.name());
            } else if (item.nested().isEmpty()) {
                attributes.add(expand(param, item.name(), expander));
            } else {
                linked.merge(expand(param, item.name(), expander), build(kind, param, item.nested(), expander),
                        Projection::merge);
            }
        }
        return new Projection(kind, members, attributes, linked);
    }

    private static Projection merge(Projection a, Projection b) {
        Set<String> members = new LinkedHashSet<>(a.members);
        members.addAll(b.members);
        Set<String> attributes = new LinkedHashSet<>(a.attributes);
        attributes.addAll(b.attributes);
        Map<String, Projection> linked = new LinkedHashMap<>(a.linked);
        b.linked.forEach((k, v) -> linked.merge(k, v, Projection::merge));
        return new Projection(a.kind, members, attributes, linked);
    }

    private static String expand(String param, String name, UnaryOperator<String> expander) {
        String iri = expander.apply(name);
        if (iri == null || iri.isEmpty()) {
            throw NgsiException.badData("'" + param + "': attribute name '" + name + "' cannot be expanded");
        }
        return iri;
    }

    public boolean keepsId() {
        return keepsMember(ID);
    }

    public boolean keepsType() {
        return keepsMember(TYPE);
    }

    public boolean keepsScope() {
        return keepsMember(SCOPE);
    }

    private boolean keepsMember(String member) {
        return switch (kind) {
            case ALL -> true;
            case PICK -> members.contains(member);
            case OMIT -> !members.contains(member);
        };
    }

    /** True when the attribute (expanded IRI) is part of the response. */
    public boolean keepsAttribute(String iri) {
        return switch (kind) {
            case ALL -> true;
            case PICK -> attributes.contains(iri) || linked.containsKey(iri);
            case OMIT -> !attributes.contains(iri);
        };
    }

    /**
     * True when the projection names attributes ({@code attrs}, or {@code pick} with attribute names): an
     * entity without any of them has nothing to show (clause 5.7.1.4: Retrieve Entity is then 404).
     */
    public boolean namesAttributes() {
        return kind == Kind.PICK && (!attributes.isEmpty() || !linked.isEmpty());
    }

    /** True when the entity has at least one of the attributes the projection names. */
    public boolean selects(Set<String> attributeIris) {
        return attributes.stream().anyMatch(attributeIris::contains) || linked.keySet().stream().anyMatch(attributeIris::contains);
    }

    /**
     * How many levels of linked entities the projection reaches into ({@code a{b{c}}} is 2, no braces is
     * 0): at most the joinLevel of the linked-entity retrieval (clause 5.7.1.4).
     */
    public int depth() {
        return linked.values().stream().mapToInt(p -> 1 + p.depth()).max().orElse(0);
    }

    /** The projection to apply to the entity linked by Relationship {@code iri}, when one was given. */
    public Optional<Projection> linked(String iri) {
        return Optional.ofNullable(linked.get(iri));
    }

    /**
     * The attribute IRIs the store must return, or empty when all are needed (no projection, or
     * {@code omit}; see {@link #omittedAttributes()} to exclude fields instead).
     */
    public Optional<Set<String>> neededAttributes() {
        if (kind != Kind.PICK) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>(attributes);
        out.addAll(linked.keySet());
        return Optional.of(Collections.unmodifiableSet(out));
    }

    /** The attribute IRIs the store may leave out ({@code omit} only). */
    public Set<String> omittedAttributes() {
        return kind == Kind.OMIT ? attributes : Set.of();
    }
}
