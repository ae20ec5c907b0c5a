package org.civicbroker.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;

/**
 * Linked Entity retrieval in notifications (clause 4.5.23, NotificationParams {@code join} and
 * {@code joinLevel}, clause 5.2.14): the entities the notified entities' Relationships point to, followed
 * {@code joinLevel} hops. "flat" appends each Linked Entity once to the notification's data (clause 4.5.23.3);
 * "inline" adds it to the Relationship that points to it, as the sub-member {@code entity} (or, in the
 * simplified format, in place of the object; clause 4.5.23.2). An entity already in the data, or already
 * followed, is not followed again, so loops end. Only Relationships the notification shows are followed;
 * Linked Entities are shown whole, in the notification's format. Pure code: the entities come from a lookup.
 */
final class LinkedEntityJoin {

    private final Function<Collection<String>, Map<String, Entity>> lookup;
    private final Function<Entity, ObjectNode> render;
    private final Predicate<String> shown;

    /**
     * @param lookup stored entities by id (absent ids left out)
     * @param render renders a Linked Entity in the notification's format
     * @param shown whether the notification shows an attribute (its projection)
     */
    LinkedEntityJoin(Function<Collection<String>, Map<String, Entity>> lookup, Function<Entity, ObjectNode> render,
            Predicate<String> shown) {
        this.lookup = lookup;
        this.render = render;
        this.shown = shown;
    }

    /** Appends the Linked Entities of {@code linking} to {@code data}, up to {@code level} hops (flat). */
    void flat(ArrayNode data, List<Entity> linking, int level) {
        Set<String> seen = new LinkedHashSet<>();
        linking.forEach(e -> seen.add(e.id()));
        List<Entity> frontier = linking;
        boolean first = true;
        for (int hop = 0; hop < level && !frontier.isEmpty(); hop++) {
            Set<String> targets = new LinkedHashSet<>();
            for (Entity e : frontier) {
                targets.addAll(objects(e, first ? shown : iri -> true));
            }
            targets.removeAll(seen);
            Map<String, Entity> found = lookup.apply(targets);
            frontier = new ArrayList<>();
            for (String id : targets) {
                Entity linked = found.get(id);
                if (linked != null) {
                    seen.add(id);
                    data.add(render.apply(linked));
                    frontier.add(linked);
                }
            }
            first = false;
        }
    }

    /** Adds the Linked Entities of {@code linking} inside its rendered Relationships, up to {@code level} hops. */
    void inline(ObjectNode rendered, Entity linking, int level, Function<String, String> nameOf, boolean simplified) {
        inline(rendered, linking, level, nameOf, simplified, new LinkedHashSet<>(Set.of(linking.id())), shown);
    }

    private void inline(ObjectNode rendered, Entity linking, int level, Function<String, String> nameOf, boolean simplified,
            Set<String> path, Predicate<String> keep) {
        if (level <= 0) {
            return;
        }
        Map<String, Entity> found = lookup.apply(objects(linking, keep).stream().filter(id -> !path.contains(id)).toList());
        if (found.isEmpty()) {
            return;
        }
        linking.attributes().forEach((iri, instances) -> {
            if (!keep.test(iri) || instances.stream().noneMatch(a -> a.type() == AttributeType.RELATIONSHIP)) {
                return;
            }
            String name = nameOf.apply(iri);
            JsonNode attr = rendered.get(name);
            if (attr == null) {
                return;
            }
            Function<String, ObjectNode> embed = id -> {
                Entity target = found.get(id);
                if (target == null) {
                    return null;
                }
                ObjectNode t = render.apply(target);
                Set<String> deeper = new LinkedHashSet<>(path);
                deeper.add(id);
                inline(t, target, level - 1, nameOf, simplified, deeper, iri2 -> true);
                return t;
            };
            if (simplified && attr.isTextual()) {
                ObjectNode t = embed.apply(attr.textValue());
                if (t != null) {
                    rendered.set(name, t);
                }
            } else if (attr instanceof ArrayNode array) {
                array.forEach(i -> embedInto(i, embed));
            } else {
                embedInto(attr, embed);
            }
        });
    }

    private static void embedInto(JsonNode instance, Function<String, ObjectNode> embed) {
        if (instance instanceof ObjectNode o && o.path("object").isTextual()) {
            ObjectNode t = embed.apply(o.get("object").textValue());
            if (t != null) {
                o.set("entity", t);
            }
        }
    }

    /** The object URIs of the entity's Relationships (attributes {@code keep} selects). */
    private static Set<String> objects(Entity e, Predicate<String> keep) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>(e.attributes());
        attrs.forEach((iri, instances) -> {
            if (keep.test(iri)) {
                for (Attribute a : instances) {
                    if (a.type() == AttributeType.RELATIONSHIP && a.value().isTextual()) {
                        out.add(a.value().textValue());
                    }
                }
            }
        });
        return out;
    }
}
