package org.civicbroker.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only durable consumer: records what the journal hands it, and can be told to fail the next
 * batches that contain a given tenant's changes (other tenants' tests are unaffected in practice,
 * since a failed batch is only retried, never dropped).
 */
@ApplicationScoped
public class JournalProbe implements ChangeConsumer {

    private final List<Entry> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final java.util.Set<String> poisoned = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "test-probe";
    }

    @Override
    public Uni<Void> accept(List<Entry> changes) {
        for (Entry e : changes) {
            if (poisoned.contains(e.change().entityId())) {
                return Uni.createFrom().failure(new IllegalStateException("probe poisoned by " + e.change().entityId()));
            }
            AtomicInteger left = failures.get(String.valueOf(e.change().tenant()));
            if (left != null && left.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("probe told to fail"));
            }
        }
        seen.addAll(changes);
        return Uni.createFrom().voidItem();
    }

    /** Every batch holding a change of this entity fails, until {@link #cure}. */
    void poison(String entityId) {
        poisoned.add(entityId);
    }

    void cure(String entityId) {
        poisoned.remove(entityId);
    }

    void failNext(String tenant, int times) {
        failures.put(tenant, new AtomicInteger(times));
    }

    /** Every accepted entry of the tenant, in the order accepted (duplicates included). */
    List<Entry> of(String tenant) {
        return seen.stream().filter(e -> Objects.equals(e.change().tenant(), tenant)).toList();
    }

    List<Entry> await(String tenant, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (of(tenant).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        return of(tenant);
    }
}
