package org.civicbroker.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.subscription.Subscription;

/**
 * One entity as a notification shows it (clause 5.8.6): its state after the change, where every attribute
 * instance the change deleted appears as NGSI-LD Null of its type ({@code "value": "urn:ngsi-ld:null"},
 * {@code "object": ...}, {@code "languageMap": {"@none": ...}}, ...), keeping its datasetId and system
 * timestamps; the state before, for showChanges; and, when the entity itself was deleted, the deletion time.
 * Only the attribute instances the subscription's {@code datasetId} member selects are kept (clause 5.8.6).
 * Pure code: the notification side of a change, reusable by any notifier (subscriptions, federation).
 *
 * @param entity what to render (deleted instances as NGSI-LD Null)
 * @param previous the entity before the change, or null (creations, periodic notifications)
 * @param at when the change was made: the {@code deletedAt} of what it deleted
 * @param entityDeleted whether the change deleted the entity itself
 */
public record Notified(Entity entity, Entity previous, Instant at, boolean entityDeleted) {

    /** An entity as it is (periodic notifications). */
    public static Notified current(Entity e, Instant at) {
        return new Notified(e, null, at, false);
    }

    /**
     * The view of one change for one subscription.
     *
     * @param showDeleted for an entity deletion, the attributes (expanded IRIs) to show as deleted: every
     *     attribute with showChanges, the watched ones when attributeDeleted fired; none when only
     *     entityDeleted fired (then only the entity members and deletedAt are notified)
     */
    public static Notified of(Subscription s, EntityChange c, Set<String> showDeleted) {
        Instant at = c.at() != null ? c.at() : Instant.now();
        Entity before = c.before() == null ? null : selected(s, c.before());
        if (c.after() == null) {
            Map<String, List<Attribute>> nulls = new LinkedHashMap<>();
            before.attributes().forEach((iri, instances) -> {
                if (showDeleted.contains(iri)) {
                    nulls.put(iri, List.of(wholeNull(instances)));
                }
            });
            return new Notified(before.withAttributes(nulls), before, at, true);
        }
        Entity after = selected(s, c.after());
        if (before == null) {
            return new Notified(after, null, at, false);
        }
        Map<String, List<Attribute>> shown = after.mutableAttributes();
        before.attributes().forEach((iri, instances) -> {
            List<Attribute> now = after.attribute(iri);
            if (now.isEmpty()) {
                shown.put(iri, new ArrayList<>(List.of(wholeNull(instances))));
                return;
            }
            for (Attribute was : instances) {
                if (now.stream().noneMatch(a -> a.sameInstance(was.datasetId()))) {
                    shown.computeIfAbsent(iri, k -> new ArrayList<>()).add(nullOf(was));
                }
            }
        });
        return new Notified(after.withAttributes(shown), before, at, false);
    }

    /**
     * A wholly deleted attribute (every instance gone): one NGSI-LD Null, without datasetId, since the
     * attribute itself is deleted (clause 5.8.6: the name with the null URI, plus what must be said), of the
     * default instance's type and timestamps (else the first instance's).
     */
    static Attribute wholeNull(List<Attribute> instances) {
        Attribute main = instances.stream().filter(a -> a.datasetId() == null).findFirst().orElse(instances.get(0));
        Attribute n = nullOf(main);
        return new Attribute(n.type(), n.value(), null, null, null, null, n.createdAt(), n.modifiedAt(), Map.of());
    }

    /** The deleted instance as NGSI-LD Null of its type, with its datasetId and timestamps (clause 5.8.6). */
    static Attribute nullOf(Attribute was) {
        return new Attribute(was.type(), NgsiNull.of(was.type()), was.datasetId(), null, null, null, was.createdAt(), was.modifiedAt(), Map.of());
    }

    /** True for an instance {@link #nullOf} made. */
    static boolean isNull(Attribute a) {
        return NgsiNull.isMarker(a.value()) || a.type() == AttributeType.LANGUAGE_PROPERTY && a.value().size() == 1
                && NgsiNull.isMarker(a.value().get("@none"));
    }

    /** The entity with only the attribute instances the subscription's datasetId member selects. */
    static Entity selected(Subscription s, Entity e) {
        if (s.datasetIds().isEmpty()) {
            return e;
        }
        Map<String, List<Attribute>> kept = new LinkedHashMap<>();
        e.attributes().forEach((iri, instances) ->
                kept.put(iri, instances.stream().filter(a -> s.notifiesInstance(a.datasetId())).toList()));
        return e.withAttributes(kept);
    }
}
