package org.civicbroker.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The entities of personal types that the current request has read (docs/security.md, "Audit"): filled by
 * {@code security.PersonalReads} where entities are rendered for an answer, turned into one audit record by
 * {@code security.AuditLog} when the answer is a success. Bounded: the first {@value #MAX_IDS} distinct ids,
 * and how many were read in all. Request scoped (Quarkus keeps the request context on the request's Vert.x
 * duplicated context, so the Mutiny continuations of the request see the same ledger).
 */
@RequestScoped
public class ReadLedger {

    /** How many entity ids one audit record names at most (a query page may hold up to 1000 entities). */
    public static final int MAX_IDS = 100;

    private final Set<String> ids = new LinkedHashSet<>();
    private int count;

    public synchronized void add(String id) {
        if (ids.contains(id)) {
            return;
        }
        count++;
        if (ids.size() < MAX_IDS) {
            ids.add(id);
        }
    }

    public synchronized boolean isEmpty() {
        return count == 0;
    }

    /** The ids recorded (at most {@link #MAX_IDS}), in reading order. */
    public synchronized List<String> ids() {
        return new ArrayList<>(ids);
    }

    /** How many distinct entities were read (the first {@link #MAX_IDS} counted exactly, later ones as read). */
    public synchronized int count() {
        return count;
    }
}
