package org.civicbroker.events;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A durable consumer of entity changes (the temporal recorder, the subscription matcher). Implement
 * it as a CDI bean and {@link ChangeJournal} finds it: every change made after the bean exists is
 * handed to it exactly in the order the writes were acknowledged, in batches of consecutive changes.
 *
 * <p>Delivery is at least once: a batch is marked done in the journal only when the returned
 * {@code Uni} completes; when it fails the same batch is offered again (with back-off), and after a
 * crash or restart every change not yet marked done is offered again at start-up. Consumers must
 * therefore be idempotent, for example by keying what they write on {@link Entry#seq()}.
 */
public interface ChangeConsumer {

    /** Stable name, stored in the journal: renaming a consumer orphans its pending changes. */
    String name();

    /** Handles consecutive changes (never empty), in order. */
    Uni<Void> accept(List<Entry> changes);

    /**
     * Called after {@link #accept} of {@code changes} succeeded and the journal has durably recorded that
     * this consumer handled them (so a crash from here on does not hand them to it again). A consumer
     * with effects outside the store (sending notifications) starts them here, so that a change is never
     * both replayed after a crash and already acted upon.
     */
    default void handled(List<Entry> changes) {
    }

    /** A journaled change: {@code seq} grows with every acknowledged write on this broker. */
    record Entry(long seq, EntityChange change) {
    }
}
