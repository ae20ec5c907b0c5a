package org.civicbroker.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What discovery reports (clause 5.7.5 - 5.7.10), accumulated from the store's groups of
 * (type, attribute names, attribute kinds) with their entity counts. Keys are expanded IRIs, sorted.
 */
final class TypeAttributeStats {

    /** Per entity type: how many entities, which attributes with which attribute types. */
    static final class TypeStats {
        long entityCount;
        final Map<String, Set<String>> attributeKinds = new TreeMap<>();
    }

    /** Per attribute: how many entities have it, with which attribute types, in which entity types. */
    static final class AttributeStats {
        long entityCount;
        final Set<String> kinds = new LinkedHashSet<>();
        final Set<String> typeNames = new java.util.TreeSet<>();
    }

    final Map<String, TypeStats> types = new TreeMap<>();
    final Map<String, AttributeStats> attributes = new TreeMap<>();

    /** Adds {@code count} entities that have all of {@code entityTypes} and these attributes. */
    void add(java.util.List<String> entityTypes, java.util.List<String> names, java.util.List<String> kinds, long count) {
        for (String t : entityTypes) {
            TypeStats ts = types.computeIfAbsent(t, k -> new TypeStats());
            ts.entityCount += count;
            for (int i = 0; i < names.size(); i++) {
                ts.attributeKinds.computeIfAbsent(names.get(i), k -> new LinkedHashSet<>()).add(kind(kinds, i));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            AttributeStats as = attributes.computeIfAbsent(names.get(i), k -> new AttributeStats());
            as.entityCount += count;
            as.kinds.add(kind(kinds, i));
            as.typeNames.addAll(entityTypes);
        }
    }

    /**
     * Adds what a context source answered to a discovery request (clause 5.7.11: "merged with the local list"):
     * an EntityTypeList or AttributeList (names), an array of EntityType or Attribute (details), an
     * EntityTypeInfo or one Attribute (counts, attribute types, type names). Names are expanded with the
     * source's @context ({@code expand}); the counts of a type or attribute held here and at a source are added
     * (clause 5.7.11 allows estimates: an entity held by both is counted twice). Anything else is ignored.
     */
    void addRemote(JsonNode body, java.util.function.UnaryOperator<String> expand) {
        if (body.isArray()) {
            body.forEach(e -> addRemote(e, expand));
            return;
        }
        if (!body.isObject()) {
            return;
        }
        body.path("typeList").forEach(t -> types.computeIfAbsent(expand.apply(t.asText()), k -> new TypeStats()));
        body.path("attributeList").forEach(a -> attributes.computeIfAbsent(expand.apply(a.asText()), k -> new AttributeStats()));
        String kind = body.path("type").asText();
        if (kind.equals("EntityType") || kind.equals("EntityTypeInfo")) {
            TypeStats ts = types.computeIfAbsent(iri(body, "typeName", expand), k -> new TypeStats());
            ts.entityCount += body.path("entityCount").asLong(0);
            body.path("attributeNames").forEach(a -> ts.attributeKinds.computeIfAbsent(expand.apply(a.asText()),
                    k -> new LinkedHashSet<>()));
            for (JsonNode d : body.path("attributeDetails")) {
                Set<String> kinds = ts.attributeKinds.computeIfAbsent(iri(d, "attributeName", expand), k -> new LinkedHashSet<>());
                d.path("attributeTypes").forEach(k -> kinds.add(k.asText()));
            }
        } else if (kind.equals("Attribute")) {
            AttributeStats as = attributes.computeIfAbsent(iri(body, "attributeName", expand), k -> new AttributeStats());
            as.entityCount += body.path("attributeCount").asLong(0);
            body.path("attributeTypes").forEach(k -> as.kinds.add(k.asText()));
            body.path("typeNames").forEach(t -> as.typeNames.add(expand.apply(t.asText())));
        }
    }

    /** The expanded IRI of a type or attribute: its {@code id} when that is an IRI, else its name expanded. */
    private static String iri(JsonNode node, String nameMember, java.util.function.UnaryOperator<String> expand) {
        String id = node.path("id").asText("");
        return id.contains(":") ? id : expand.apply(node.path(nameMember).asText(id));
    }

    private static String kind(java.util.List<String> kinds, int i) {
        return kinds != null && i < kinds.size() ? kinds.get(i) : "Property";
    }
}
