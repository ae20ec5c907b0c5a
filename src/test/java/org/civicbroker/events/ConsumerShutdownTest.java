package org.civicbroker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.civicbroker.persistence.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, ordered shutdown: a consumer busy when the broker stops finishes its batch before the store is
 * closed, starts no batch afterwards (so it never reaches the store again, which used to open it again and
 * delete the clean-close marker), and a batch that fails because the store is closing is neither retried
 * nor set aside. The store then closes with its clean-close marker, and the next start checks no index.
 */
class ConsumerShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A consumer writing each change to the store; each batch waits for {@code release} first. */
    private static final class StoreWriter implements ChangeConsumer {
        final MongoClient client;
        final CountDownLatch release = new CountDownLatch(1);
        final List<Long> accepted = new CopyOnWriteArrayList<>();

        StoreWriter(MongoClient client) {
            this.client = client;
        }

        @Override
        public String name() {
            return "writer";
        }

        @Override
        public Uni<Void> accept(List<Entry> changes) {
            changes.forEach(e -> accepted.add(e.seq()));
            return Uni.createFrom().<Void>item(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (Entry e : changes) {
                    client.getDatabase("ngsild").getCollection("written").insertOne(new Document("_id", e.seq()));
                }
                return null;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
    }

    private static ChangeConsumer.Entry entry(long seq) {
        return new ChangeConsumer.Entry(seq, new EntityChange(null, EntityChange.Operation.CREATE, "urn:ngsi-ld:T:" + seq, null, null,
                Instant.parse("2026-12-03T00:00:00Z")));
    }

    @Test
    void aConsumerBusyAtShutdownFinishesBeforeTheStoreClosesAndStartsNothingAfterwards() throws Exception {
        EmbeddedStore store = EmbeddedStore.start(dir.toString());
        AtomicInteger setAside = new AtomicInteger();
        try (MongoClient client = MongoClients.create(store.connectionString())) {
            StoreWriter consumer = new StoreWriter(client);
            ConsumerQueue queue = new ConsumerQueue(consumer, 1, 3, ConsumerQueue.HELD, seqs -> Uni.createFrom().item(List.of()),
                    (name, done) -> Uni.createFrom().voidItem(),
                    (name, entry, error, attempts) -> {
                        setAside.incrementAndGet();
                        return Uni.createFrom().voidItem();
                    }, new SimpleMeterRegistry());
            queue.offer(List.of(entry(1), entry(2), entry(3)));
            await(() -> consumer.accepted.size() == 1, "the consumer is busy with the first change");

            // shutdown, as ChangeJournal.onShutdown and then the store bean's destruction do it
            AtomicBoolean idle = new AtomicBoolean();
            AtomicBoolean closed = new AtomicBoolean();
            Thread shutdown = new Thread(() -> {
                queue.stop();
                try {
                    idle.set(queue.awaitIdle(WAIT));
                } catch (InterruptedException e) {
                    return;
                }
                store.close();
                closed.set(true);
            });
            shutdown.start();
            await(() -> shutdown.getState() == Thread.State.TIMED_WAITING, "shutdown waits for the batch in flight");
            assertThat(closed).as("the store is not closed under the busy consumer").isFalse();

            consumer.release.countDown();
            shutdown.join(WAIT.toMillis());
            assertThat(idle).as("the batch in flight completed").isTrue();
            assertThat(closed).isTrue();
            assertThat(consumer.accepted).as("no batch started after the stop").containsExactly(1L);
            assertThat(queue.size()).as("changes left pending for the next start").isEqualTo(2);

            queue.offer(List.of(entry(4)));  // a late hand-over (a write answered during shutdown) starts nothing
            assertThat(consumer.accepted).containsExactly(1L);
        }
        assertThat(setAside).hasValue(0);
        assertThat(dir.resolve("civic-broker.clean")).as("clean-close marker").exists();

        try (EmbeddedStore again = EmbeddedStore.start(dir.toString());
                MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(again.repairReport()).as("no index check after the clean close").isNull();
            assertThat(client.getDatabase("ngsild").getCollection("written").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void aBatchFailingBecauseTheStoreClosesIsNeitherRetriedNorSetAside() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger setAside = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ChangeConsumer failing = new ChangeConsumer() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Uni<Void> accept(List<Entry> changes) {
                calls.incrementAndGet();
                return Uni.createFrom().<Void>item(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("The embedded store is closed");
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
        };
        ConsumerQueue queue = new ConsumerQueue(failing, 256, 1, ConsumerQueue.HELD, seqs -> Uni.createFrom().item(List.of()),
                (name, done) -> Uni.createFrom().voidItem(),
                (name, entry, error, attempts) -> {
                    setAside.incrementAndGet();
                    return Uni.createFrom().voidItem();
                }, new SimpleMeterRegistry());
        queue.offer(List.of(entry(1)));
        await(() -> calls.get() == 1, "the batch is in flight");
        queue.stop();
        release.countDown();
        assertThat(queue.awaitIdle(WAIT)).isTrue();
        // a retry (after 50 ms when splitting, 200 ms for a single change) would have called the consumer again
        queue.offer(List.of(entry(2)));
        assertThat(calls).hasValue(1);
        assertThat(setAside).as("a failure at shutdown is not the change's fault").hasValue(0);
        assertThat(queue.size()).isEqualTo(2);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
