package org.civicbroker.subscription;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.q.QMatcher;

/**
 * Decides whether an entity change fires an on-change subscription (clauses 5.8.1, 5.11): entity
 * selector, notificationTrigger with watchedAttributes, q, geoQ and scopeQ, active and not expired.
 * Throttling depends on delivery history and is applied by the caller. Pure code.
 */
public final class SubscriptionMatcher {

    private SubscriptionMatcher() {
    }

    /**
     * The attribute-level difference of one change: what was created, updated and deleted. An attribute one of
     * whose instances (datasetId, clause 4.5.5) was deleted counts as deleted too: deleting an instance deletes
     * that attribute instance (clause 5.6.5).
     */
    public record Diff(Set<String> created, Set<String> updated, Set<String> deleted) {

        public static Diff of(EntityChange c) {
            Map<String, List<Attribute>> before = c.before() == null ? Map.of() : c.before().attributes();
            Map<String, List<Attribute>> after = c.after() == null ? Map.of() : c.after().attributes();
            Set<String> created = new HashSet<>();
            Set<String> updated = new HashSet<>();
            Set<String> deleted = new HashSet<>();
            after.forEach((iri, instances) -> {
                List<Attribute> old = before.get(iri);
                if (old == null) {
                    created.add(iri);
                } else if (!old.equals(instances)) {
                    // an update with the same value still changes modifiedAt: NGSI-LD counts it as an update
                    updated.add(iri);
                }
            });
            before.forEach((iri, instances) -> {
                List<Attribute> now = after.get(iri);
                if (now == null || instances.stream().anyMatch(was -> now.stream().noneMatch(a -> a.sameInstance(was.datasetId())))) {
                    deleted.add(iri);
                }
            });
            return new Diff(created, updated, deleted);
        }

        public Set<String> all() {
            Set<String> out = new HashSet<>(created);
            out.addAll(updated);
            out.addAll(deleted);
            return out;
        }
    }

    /** True when the change fires the (on-change) subscription, throttling aside. */
    public static boolean matches(Subscription s, EntityChange c, Instant now) {
        if (s.periodic() || !s.liveAt(now)) {
            return false;
        }
        Entity subject = c.after() != null ? c.after() : c.before();
        if (subject == null || !selected(s, subject)) {
            return false;
        }
        if (!triggered(s, c, Diff.of(c))) {
            return false;
        }
        return filtersHold(s, subject);
    }

    /** Entity selectors: any of them (clause 5.2.33); none = any entity. */
    public static boolean selected(Subscription s, Entity e) {
        return s.entities().isEmpty() || s.entities().stream().anyMatch(sel -> sel.matches(e));
    }

    /** q, geoQ and scopeQ on the entity (the state after the change, or before a deletion). */
    public static boolean filtersHold(Subscription s, Entity e) {
        if (s.q() != null && !QMatcher.matches(s.q(), e)) {
            return false;
        }
        if (s.geoQ() != null && !new EntityQuery(List.of(), Set.of(), null, null, s.geoQ()).matchesGeo(e)) {
            return false;
        }
        return s.scopeQ() == null || s.scopeQ().matches(e.scopes());
    }

    /** notificationTrigger with watchedAttributes (clause 5.2.12): any trigger that applies fires. */
    static boolean triggered(Subscription s, EntityChange c, Diff d) {
        boolean create = c.before() == null;
        boolean delete = c.after() == null;
        for (Subscription.Trigger t : s.triggers()) {
            boolean fires = switch (t) {
                case ENTITY_CREATED -> create && watched(s, c.after().attributes().keySet());
                case ENTITY_DELETED -> delete && watched(s, c.before().attributes().keySet());
                case ENTITY_UPDATED -> !create && !delete && watched(s, d.all());
                // a new entity's attributes are all created, so the default triggers notify creations too
                case ATTRIBUTE_CREATED -> !delete && watched(s, d.created());
                case ATTRIBUTE_UPDATED -> !create && !delete && watched(s, d.updated());
                // deleting the entity deletes its attributes (clause 5.8.6 notifies them as deleted)
                case ATTRIBUTE_DELETED -> !create && watched(s, d.deleted());
            };
            if (fires) {
                return true;
            }
        }
        return false;
    }

    /** Some of the attributes is watched; without watchedAttributes any attribute counts. */
    private static boolean watched(Subscription s, Set<String> attributes) {
        if (s.watched().isEmpty()) {
            return !attributes.isEmpty();
        }
        for (String a : attributes) {
            if (s.watched().contains(a)) {
                return true;
            }
        }
        return false;
    }

    static boolean sameId(Subscription a, Subscription b) {
        return Objects.equals(a.id(), b.id());
    }
}
