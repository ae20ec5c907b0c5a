package org.civicbroker.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Entity ids by type, per database, kept in this process for the embedded store only. The embedded
 * store has no secondary indexes and answers every query with a full scan plus an in-memory sort, so
 * a type query, a count or a deep page over 100,000 entities cost seconds; with this index such a
 * query reads only the page it returns (by {@code _id}, which the store does index). The embedded
 * store belongs to this one process, so the index sees every write. A real MongoDB uses its own
 * indexes instead and this class stays empty.
 */
public final class EmbeddedTypeIndex {

    /** One database: type IRI -> ids (sorted, as the default order), and id -> its types. */
    private static final class Db {
        final Map<String, ConcurrentSkipListSet<String>> byType = new ConcurrentHashMap<>();
        final Map<String, List<String>> typesOf = new ConcurrentHashMap<>();
    }

    private final Map<String, Db> dbs = new ConcurrentHashMap<>();
    /**
     * Set once the start-up scan has seeded every tenant that existed. A tenant created later started
     * empty and every write to it was recorded, so from then on every database is complete.
     */
    private volatile boolean ready;

    private Db db(String database) {
        return dbs.computeIfAbsent(database, k -> new Db());
    }

    /** Records the entity's current types (after a create or any update). */
    public void put(String database, String id, List<String> types) {
        Db db = db(database);
        List<String> old = db.typesOf.put(id, List.copyOf(types));
        if (old != null) {
            old.stream().filter(t -> !types.contains(t)).forEach(t -> removeFrom(db, t, id));
        }
        types.forEach(t -> db.byType.computeIfAbsent(t, k -> new ConcurrentSkipListSet<>()).add(id));
    }

    /**
     * Records an entity found by the start-up scan, unless a write has recorded it meanwhile (the
     * write is newer than what the scan read).
     */
    public void seed(String database, String id, List<String> types) {
        Db db = db(database);
        if (db.typesOf.putIfAbsent(id, List.copyOf(types)) == null) {
            types.forEach(t -> db.byType.computeIfAbsent(t, k -> new ConcurrentSkipListSet<>()).add(id));
        }
    }

    /** Forgets a deleted entity. */
    public void remove(String database, String id) {
        Db db = db(database);
        List<String> old = db.typesOf.remove(id);
        if (old != null) {
            old.forEach(t -> removeFrom(db, t, id));
        }
    }

    private static void removeFrom(Db db, String type, String id) {
        ConcurrentSkipListSet<String> ids = db.byType.get(type);
        if (ids != null) {
            ids.remove(id);
        }
    }

    /** Marks the index complete: the start-up scan has seeded every database. */
    public void ready() {
        ready = true;
    }

    /**
     * The sorted ids of the entities that have any of {@code types}, or null while the index is still
     * being seeded (the caller then asks the store).
     */
    public NavigableSet<String> idsOfAny(String database, Collection<String> types) {
        if (!ready) {
            return null;
        }
        Db db = dbs.get(database);
        if (db == null) {
            return new TreeSet<>();
        }
        if (types.size() == 1) {
            NavigableSet<String> ids = db.byType.get(types.iterator().next());
            return ids == null ? new TreeSet<>() : ids;
        }
        TreeSet<String> union = new TreeSet<>();
        for (String t : types) {
            NavigableSet<String> ids = db.byType.get(t);
            if (ids != null) {
                union.addAll(ids);
            }
        }
        return union;
    }

    /** Ids a page fetch did not find (deleted while the index was being built): drops them. */
    public void forget(String database, Collection<String> missing) {
        new ArrayList<>(missing).forEach(id -> remove(database, id));
    }
}
