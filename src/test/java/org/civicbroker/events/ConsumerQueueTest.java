package org.civicbroker.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, bounded memory: a consumer's queue holds at most its bound of changes with their payload and
 * loads the others from the journal (by sequence number, a batch at a time) when it reaches them, with
 * in-order, exactly-once delivery, missing entries skipped, and splitting and dead letters unchanged.
 */
class ConsumerQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BOUND = 10;
    private static final int BATCH = 16;
    private static final Instant AT = Instant.parse("2026-12-03T00:00:00Z");

    /** The journal as the queue sees it: entries by sequence number, and every load asked of it. */
    private final Map<Long, ChangeConsumer.Entry> journal = new ConcurrentHashMap<>();
    private final List<List<Long>> loads = new CopyOnWriteArrayList<>();
    private final List<Long> marked = new CopyOnWriteArrayList<>();
    private final List<ChangeConsumer.Entry> setAside = new CopyOnWriteArrayList<>();

    /** Records every change of the batches it accepts; fails a batch holding a poisoned change; can be held. */
    private final class Recorder implements ChangeConsumer {
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final CountDownLatch release;
        final LongPredicate poisoned;
        final AtomicInteger maxHeld = new AtomicInteger();
        volatile ConsumerQueue queue;

        Recorder(CountDownLatch release, LongPredicate poisoned) {
            this.release = release;
            this.poisoned = poisoned;
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Uni<Void> accept(List<Entry> changes) {
            maxHeld.accumulateAndGet(queue.held(), Math::max);
            return Uni.createFrom().<Void>item(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (Entry e : changes) {
                    if (poisoned.test(e.seq())) {
                        throw new IllegalStateException("poisoned by " + e.seq());
                    }
                }
                changes.forEach(e -> accepted.add(e.seq()));
                return null;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
    }

    private ConsumerQueue queue(Recorder consumer, int maxAttempts) {
        ConsumerQueue q = new ConsumerQueue(consumer, BATCH, maxAttempts, BOUND,
                seqs -> {
                    loads.add(List.copyOf(seqs));
                    // the driver answers on its own thread, in no particular order
                    List<Long> reversed = new ArrayList<>(seqs);
                    java.util.Collections.reverse(reversed);
                    return Uni.createFrom().item(() -> reversed.stream().map(journal::get).filter(e -> e != null).toList())
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                },
                (name, done) -> {
                    marked.addAll(done);
                    return Uni.createFrom().voidItem();
                },
                (name, entry, error, attempts) -> {
                    setAside.add(entry);
                    marked.add(entry.seq());
                    return Uni.createFrom().voidItem();
                }, new SimpleMeterRegistry());
        consumer.queue = q;
        return q;
    }

    /** Changes {@code from}..{@code to}, written to the journal. */
    private List<ChangeConsumer.Entry> journaled(long from, long to) {
        List<ChangeConsumer.Entry> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            ChangeConsumer.Entry e = new ChangeConsumer.Entry(seq, new EntityChange(null, EntityChange.Operation.CREATE,
                    "urn:ngsi-ld:T:" + seq, null, null, AT.plusSeconds(seq)));
            journal.put(seq, e);
            out.add(e);
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void changesBeyondTheBoundAreLoadedFromTheJournalABatchAtATimeAndHandledOnceInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder consumer = new Recorder(release, seq -> false);
        ConsumerQueue queue = queue(consumer, 3);

        queue.offer(journaled(1, 300));  // the first batch (held changes 1-10 and loaded 11-16) waits
        queue.offer(journaled(301, 400));
        assertThat(queue.size()).isEqualTo(400);
        assertThat(queue.held()).as("payloads held while the consumer is busy").isEqualTo(BOUND);
        release.countDown();
        await(() -> consumer.accepted.size() == 400 && queue.size() == 0, "every change handled");

        assertThat(consumer.accepted).as("each change once, in order").containsExactlyElementsOf(range(1, 400));
        assertThat(marked).containsExactlyElementsOf(range(1, 400));
        assertThat(loads).as("loaded by pages no larger than a batch").allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(BATCH));
        assertThat(loads.stream().flatMap(List::stream).toList()).as("only the changes beyond the bound are loaded, once each")
                .containsExactlyElementsOf(range(BOUND + 1, 400));
        assertThat(consumer.maxHeld).as("payloads held never above the bound").hasValueLessThanOrEqualTo(BOUND);
        assertThat(queue.held()).isZero();
        assertThat(queue.position()).isEqualTo(400);
    }

    @Test
    void storedChangesFromAReplayAreAllLoadedAndTheOldestAgeComesFromTheirTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder consumer = new Recorder(release, seq -> false);
        ConsumerQueue queue = queue(consumer, 3);
        journaled(1, 200);

        queue.offerStored(range(1, 200).stream().map(seq -> ConsumerQueue.Slot.stored(seq, AT.plusSeconds(seq))).toList());
        assertThat(queue.oldestAgeSeconds(AT.plusSeconds(61))).isEqualTo(60.0);
        assertThat(queue.held()).isZero();
        release.countDown();
        await(() -> consumer.accepted.size() == 200 && queue.size() == 0, "every change handled");

        assertThat(consumer.accepted).containsExactlyElementsOf(range(1, 200));
        assertThat(loads.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(range(1, 200));
        assertThat(loads).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(BATCH));
    }

    @Test
    void changesNotJournaledAreHeldWhateverTheBoundAndNeverLoaded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder consumer = new Recorder(release, seq -> false);
        ConsumerQueue queue = queue(consumer, 3);
        List<ChangeConsumer.Entry> changes = journaled(1, 3 * BOUND);
        journal.clear();  // their journal insert failed

        queue.offer(changes, false);
        assertThat(queue.held()).isEqualTo(3 * BOUND);
        release.countDown();
        await(() -> consumer.accepted.size() == 3 * BOUND && queue.size() == 0, "every change handled");

        assertThat(consumer.accepted).containsExactlyElementsOf(range(1, 3 * BOUND));
        assertThat(loads).isEmpty();
    }

    @Test
    void aChangeNoLongerInTheJournalIsSkippedAndCountedAsHandled() throws Exception {
        Recorder consumer = new Recorder(new CountDownLatch(0), seq -> false);
        ConsumerQueue queue = queue(consumer, 3);
        List<ChangeConsumer.Entry> changes = journaled(1, 100);
        journal.remove(50L);  // deleted by an operator
        journal.remove(51L);
        journal.remove(100L);

        queue.offer(changes);
        await(() -> queue.size() == 0, "the queue drained past the missing changes");

        List<Long> expected = new ArrayList<>(range(1, 99));
        expected.removeAll(List.of(50L, 51L));
        assertThat(consumer.accepted).containsExactlyElementsOf(expected);
        assertThat(marked).as("the missing ones marked handled").containsExactlyElementsOf(range(1, 100));
        assertThat(queue.position()).isEqualTo(100);
    }

    @Test
    void aPoisonChangeAmongLoadedOnesIsSplitDownToAndSetAsideAndTheOthersGoOn() throws Exception {
        Recorder consumer = new Recorder(new CountDownLatch(0), seq -> seq == 123);
        ConsumerQueue queue = queue(consumer, 2);

        queue.offer(journaled(1, 300));
        await(() -> queue.size() == 0, "the queue drained past the poison change");

        List<Long> expected = new ArrayList<>(range(1, 300));
        expected.remove(Long.valueOf(123));
        assertThat(consumer.accepted).as("each other change once, in order").containsExactlyElementsOf(expected);
        assertThat(setAside).extracting(ChangeConsumer.Entry::seq).containsExactly(123L);
        assertThat(setAside.get(0).change().entityId()).as("the dead letter has the loaded change").isEqualTo("urn:ngsi-ld:T:123");
        assertThat(marked).containsExactlyElementsOf(range(1, 300));
        assertThat(loads).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(BATCH));
        assertThat(queue.held()).isZero();
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
