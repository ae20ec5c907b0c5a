package org.civicbroker.discovery;

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

    private static String kind(java.util.List<String> kinds, int i) {
        return kinds != null && i < kinds.size() ? kinds.get(i) : "Property";
    }
}
