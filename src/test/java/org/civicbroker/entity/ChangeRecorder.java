package org.civicbroker.entity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civicbroker.events.ChangeEvents;
import org.civicbroker.events.EntityChange;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only consumer of the {@code entity-changes} channel (broadcast, so it sees what the broker's own
 * consumers see). Tests read the changes of their own tenant only.
 */
@ApplicationScoped
public class ChangeRecorder {

    private final List<EntityChange> changes = new CopyOnWriteArrayList<>();

    @Incoming(ChangeEvents.CHANNEL)
    void record(EntityChange change) {
        changes.add(change);
    }

    /** The changes recorded so far for {@code tenant}, in order. */
    public List<EntityChange> of(String tenant) {
        return changes.stream().filter(c -> Objects.equals(c.tenant(), tenant)).toList();
    }

    /**
     * Waits until {@code tenant} has at least {@code count} changes (at most 5 s), then a little longer
     * so that an unexpected extra change is seen too; returns them all.
     */
    public List<EntityChange> await(String tenant, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (of(tenant).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(150);
        return of(tenant);
    }
}
