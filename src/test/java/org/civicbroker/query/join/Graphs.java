package org.civicbroker.query.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.query.lang.Projection;

/** Builds small entity graphs for the join and linked-entity rendering tests, walked against an in-memory store. */
public final class Graphs {

    public static final String D = "https://uri.etsi.org/ngsi-ld/default-context/";
    public static final UnaryOperator<String> EXPAND = n -> n.contains(":") ? n : D + n;

    /** The store, and every set of ids the walk asked for (one per level that needed a read). */
    public final Map<String, Entity> store = new HashMap<>();
    final List<Set<String>> reads = new ArrayList<>();

    public static String id(String name) {
        return "urn:ngsi-ld:Thing:" + name;
    }

    /**
     * An entity {@code name} with, for each pair, a Relationship {@code rel} to the entity (or, for a
     * list, the entities) named; a name starting with '*' makes a ListRelationship, with '+' a 1:n
     * Relationship (object array).
     */
    public Entity put(String name, String... relAndTargets) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        attrs.put(D + "label", List.of(Attribute.of(AttributeType.PROPERTY, TextNode.valueOf(name))));
        for (int i = 0; i < relAndTargets.length; i += 2) {
            String rel = relAndTargets[i];
            String[] targets = relAndTargets[i + 1].split(",");
            Attribute a;
            if (rel.startsWith("*") || rel.startsWith("+")) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (String t : targets) {
                    list.add(id(t));
                }
                a = Attribute.of(rel.startsWith("*") ? AttributeType.LIST_RELATIONSHIP : AttributeType.RELATIONSHIP, list);
                rel = rel.substring(1);
            } else {
                a = Attribute.of(AttributeType.RELATIONSHIP, TextNode.valueOf(id(targets[0])));
            }
            attrs.computeIfAbsent(D + rel, k -> new ArrayList<>()).add(a);
        }
        Entity e = new Entity(id(name), List.of(D + "Thing"), List.of(), null, null, attrs);
        store.put(e.id(), e);
        return e;
    }

    /** Adds an instance with a datasetId to the entity's Relationship {@code rel}. */
    public Entity addInstance(String name, String rel, String datasetId, String target) {
        Entity e = store.get(id(name));
        Map<String, List<Attribute>> attrs = e.mutableAttributes();
        attrs.computeIfAbsent(D + rel, k -> new ArrayList<>()).add(new Attribute(AttributeType.RELATIONSHIP,
                TextNode.valueOf(id(target)), datasetId, null, null, null, null, null, Map.of()));
        Entity changed = e.withAttributes(attrs);
        store.put(changed.id(), changed);
        return changed;
    }

    public LinkedEntityGraph walk(List<String> roots, String pick, JoinSpec spec) {
        Projection p = Projection.of(null, pick, null, EXPAND);
        LinkedEntityGraph g = new LinkedEntityGraph(roots.stream().map(r -> store.get(id(r))).toList(), p, spec);
        while (!g.complete()) {
            Set<String> ids = g.missing();
            Map<String, Entity> found = new HashMap<>();
            if (!ids.isEmpty()) {
                reads.add(ids);
                ids.forEach(i -> {
                    if (store.containsKey(i)) {
                        found.put(i, store.get(i));
                    }
                });
            }
            g.advance(found);
        }
        return g;
    }

    public static JoinSpec spec(JoinSpec.Mode mode, int level, String... containedBy) {
        return new JoinSpec(mode, level, Set.of(containedBy).stream().map(Graphs::id).collect(java.util.stream.Collectors.toSet()));
    }

    /** The linked entity names under {@code node}'s Relationship {@code rel} (all instances). */
    static List<String> targets(JoinedEntity node, String rel) {
        List<String> out = new ArrayList<>();
        node.links().stream().filter(l -> l.attribute().equals(D + rel))
                .forEach(l -> l.targets().forEach(t -> out.add(name(t))));
        return out;
    }

    static String name(JoinedEntity node) {
        return node.id().substring(id("").length());
    }

    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }
}
