package org.civicbroker.query.join;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.query.lang.Projection;

/**
 * Walks the entity graph from the entities a request selected (the linking entities) along their
 * Relationships and ListRelationships, up to joinLevel hops (clause 4.5.23). Pure code: the caller
 * fetches the entities it names, one batch per level, which keeps the store out of this class and lets
 * any caller (query, retrieve, notifications) supply its own way of reading entities by id:
 *
 * <pre>
 * LinkedEntityGraph g = new LinkedEntityGraph(selected, projection, spec);
 * while (!g.complete()) {
 *     g.advance(fetch(g.missing()));   // the entities found among the ids; absent ids are not stored
 * }
 * g.roots();      // inline: each linking entity with its linked entities nested
 * g.flattened();  // flat: linking entities first, then every linked entity once
 * </pre>
 *
 * <p>Rules (clauses 4.5.23.1 - 4.5.23.3, 5.7.1.5):
 * <ul>
 *   <li>Only Relationships the entity's projection keeps are followed, and only top-level ones.</li>
 *   <li>Only entities of this store are retrieved: a target that is not found is left out.</li>
 *   <li>A URI already encountered is not retrieved again: the {@code containedBy} ids, and the linking
 *       entities and the linked ones met so far. With {@code flat} that holds for the whole response, so
 *       every entity appears once; with {@code inline} it holds within each linking entity's tree, so
 *       every linking entity carries its linked entities whatever the others do. This cuts loops and
 *       duplicates. Levels are walked breadth first, so an entity is nested where it is met first.</li>
 *   <li>A linked entity reached through Relationship {@code rel} takes the nested projection
 *       {@code rel{...}} of the projection that reached it (clause 4.21), else none (everything).</li>
 * </ul>
 */
public final class LinkedEntityGraph {

    private final JoinSpec spec;
    private final List<Node> roots = new ArrayList<>();
    private final List<Node> all = new ArrayList<>();
    private final Map<String, Entity> fetched = new HashMap<>();
    private final Set<String> absent = new HashSet<>();
    private List<Node> frontier;
    private int depth;

    /** A node under construction; {@code seen} is shared by the nodes of one tree (inline) or of all (flat). */
    private static final class Node {
        final Entity entity;
        final Projection projection;
        final Set<String> seen;
        final List<MutableLink> links = new ArrayList<>();

        Node(Entity entity, Projection projection, Set<String> seen) {
            this.entity = entity;
            this.projection = projection;
            this.seen = seen;
        }

        JoinedEntity freeze() {
            List<JoinedEntity.Link> out = new ArrayList<>();
            for (MutableLink l : links) {
                out.add(new JoinedEntity.Link(l.attribute, l.datasetId, l.targets.stream().map(Node::freeze).toList()));
            }
            return new JoinedEntity(entity, projection, out);
        }
    }

    private record MutableLink(String attribute, String datasetId, List<Node> targets) {
    }

    /** One followable Relationship instance of a node and its object URIs in order. */
    private record Candidate(String attribute, String datasetId, List<String> objects) {
    }

    public LinkedEntityGraph(List<Entity> selected, Projection projection, JoinSpec spec) {
        this.spec = spec;
        Set<String> shared = new HashSet<>(spec.containedBy());
        selected.forEach(e -> shared.add(e.id()));
        for (Entity e : selected) {
            Set<String> seen = shared;
            if (spec.mode() == JoinSpec.Mode.INLINE) {
                seen = new HashSet<>(spec.containedBy());
                seen.add(e.id());
            }
            Node n = new Node(e, projection, seen);
            roots.add(n);
            all.add(n);
        }
        this.frontier = List.copyOf(roots);
    }

    /** True when no further level is to be walked. */
    public boolean complete() {
        return !spec.joins() || depth >= spec.level() || frontier.isEmpty();
    }

    /** The ids the next level needs that have not been fetched yet (possibly none). */
    public Set<String> missing() {
        Set<String> ids = new LinkedHashSet<>();
        if (complete()) {
            return ids;
        }
        for (Node n : frontier) {
            for (Candidate c : candidates(n)) {
                for (String id : c.objects()) {
                    if (!n.seen.contains(id) && !fetched.containsKey(id) && !absent.contains(id)) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    /**
     * Builds the next level from the entities found for {@link #missing()} (keyed by id; an id without
     * an entry is not stored here).
     */
    public void advance(Map<String, Entity> found) {
        if (complete()) {
            return;
        }
        Set<String> asked = missing();
        fetched.putAll(found);
        asked.stream().filter(id -> !found.containsKey(id)).forEach(absent::add);
        List<Node> next = new ArrayList<>();
        for (Node n : frontier) {
            for (Candidate c : candidates(n)) {
                List<Node> targets = new ArrayList<>();
                for (String id : c.objects()) {
                    Entity target = fetched.get(id);
                    if (target != null && n.seen.add(id)) {
                        Node child = new Node(target, n.projection.linked(c.attribute()).orElse(Projection.all()), n.seen);
                        targets.add(child);
                        next.add(child);
                        all.add(child);
                    }
                }
                if (!targets.isEmpty()) {
                    n.links.add(new MutableLink(c.attribute(), c.datasetId(), targets));
                }
            }
        }
        depth++;
        frontier = next;
    }

    /**
     * Completes the walk with a reader that answers at once (a caller on a worker thread, such as a
     * notifier); {@link LinkedEntities#walk} is the non-blocking driver.
     */
    public LinkedEntityGraph walk(Function<Set<String>, Map<String, Entity>> read) {
        while (!complete()) {
            Set<String> ids = missing();
            advance(ids.isEmpty() ? Map.of() : read.apply(ids));
        }
        return this;
    }

    /** The linking entities, each with its linked entities nested (the inline representation). */
    public List<JoinedEntity> roots() {
        return roots.stream().map(Node::freeze).toList();
    }

    /**
     * Every entity of the walk: the linking entities, then the linked ones in the order they were met
     * (the flat representation; with {@code flat} each entity appears once).
     */
    public List<JoinedEntity> flattened() {
        return all.stream().map(Node::freeze).toList();
    }

    /** The top-level Relationship and ListRelationship instances of the node that its projection keeps. */
    private static List<Candidate> candidates(Node n) {
        List<Candidate> out = new ArrayList<>();
        n.entity.attributes().forEach((iri, instances) -> {
            if (!n.projection.keepsAttribute(iri)) {
                return;
            }
            for (Attribute a : instances) {
                if (a.type() == AttributeType.RELATIONSHIP || a.type() == AttributeType.LIST_RELATIONSHIP) {
                    List<String> objects = objects(a.value());
                    if (!objects.isEmpty()) {
                        out.add(new Candidate(iri, a.datasetId(), objects));
                    }
                }
            }
        });
        return out;
    }

    /** The object URIs: one string, or an array of them (1:n Relationship, ListRelationship). */
    static List<String> objects(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isTextual()) {
            out.add(value.textValue());
        } else if (value.isArray()) {
            value.forEach(v -> {
                if (v.isTextual()) {
                    out.add(v.textValue());
                }
            });
        }
        return out;
    }
}
