package org.civicbroker.subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Entity;

/**
 * The subscriptions of one tenant, indexed so that a change is matched only against the subscriptions
 * that can fire for it: by expanded entity type (every type named in a selector; type expressions have
 * no negation, so a matching entity has at least one of them) and, for subscriptions without entity
 * selectors, by watched attribute. Periodic subscriptions are kept but never candidates. Thread-safe.
 */
public final class SubscriptionIndex {

    private final Map<String, Subscription> byId = new LinkedHashMap<>();
    private final Map<String, Set<String>> byType = new HashMap<>();
    private final Map<String, Set<String>> byAttribute = new HashMap<>();

    public synchronized void put(Subscription s) {
        remove(s.id());
        byId.put(s.id(), s);
        for (String key : keys(s, true)) {
            byType.computeIfAbsent(key, k -> new HashSet<>()).add(s.id());
        }
        for (String key : keys(s, false)) {
            byAttribute.computeIfAbsent(key, k -> new HashSet<>()).add(s.id());
        }
    }

    public synchronized Subscription remove(String id) {
        Subscription old = byId.remove(id);
        if (old != null) {
            keys(old, true).forEach(k -> drop(byType, k, id));
            keys(old, false).forEach(k -> drop(byAttribute, k, id));
        }
        return old;
    }

    public synchronized Subscription get(String id) {
        return byId.get(id);
    }

    public synchronized List<Subscription> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized int size() {
        return byId.size();
    }

    /** The subscriptions that may fire for the change (a superset of those that do). */
    public synchronized Collection<Subscription> candidates(EntityChange c) {
        Set<String> ids = new HashSet<>();
        for (Entity e : new Entity[] {c.before(), c.after()}) {
            if (e == null) {
                continue;
            }
            e.types().forEach(t -> ids.addAll(byType.getOrDefault(t, Set.of())));
            if (!byAttribute.isEmpty()) {
                e.attributes().keySet().forEach(a -> ids.addAll(byAttribute.getOrDefault(a, Set.of())));
            }
        }
        List<Subscription> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(byId.get(id)));
        return out;
    }

    /** Index keys: types for subscriptions with selectors, watched attributes for the others. */
    private static Set<String> keys(Subscription s, boolean types) {
        if (s.periodic()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        if (types) {
            s.entities().forEach(sel -> out.addAll(sel.type().mentionedTypes()));
        } else if (s.entities().isEmpty()) {
            out.addAll(s.watched());
        }
        return out;
    }

    private static void drop(Map<String, Set<String>> index, String key, String id) {
        Set<String> ids = index.get(key);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
