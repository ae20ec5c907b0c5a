package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, bounded memory: a delivery lane holds at most its bound of notifications with their body and
 * reads the others from the outbox by id when it reaches them, delivering every one once and in order
 * across a receiver outage, a start-up recovery, notifications no longer stored and a failing outbox.
 */
class LaneTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BOUND = 5;
    private static final Instant AT = Instant.parse("2026-12-03T00:00:00Z");

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);

    /** The outbox and the receiver as a lane sees them; records everything the lane asks of them. */
    private final class Fake implements Lane.Outlet {
        final Map<String, Pending> stored = new ConcurrentHashMap<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<List<String>> loads = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger loadFailuresLeft = new AtomicInteger();
        final AtomicInteger maxHeld = new AtomicInteger();
        volatile Lane lane;

        void sample() {
            maxHeld.accumulateAndGet(lane.held(), Math::max);
        }

        @Override
        public Uni<Void> send(Pending p) {
            sample();
            if (down.get()) {
                refused.incrementAndGet();
                return Uni.createFrom().failure(new IllegalStateException("503"));
            }
            // asynchronous, as an HTTP reply is
            return Uni.createFrom().<Void>item(() -> {
                delivered.add(p.id());
                return null;
            }).runSubscriptionOn(timers);
        }

        @Override
        public void sent(Pending p) {
        }

        @Override
        public long failed(Pending p, int attempts, Throwable e) {
            return 1;
        }

        @Override
        public void later(long millis, Runnable task) {
            timers.schedule(task, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void removed(String id) {
            removed.add(id);
            stored.remove(id);
        }

        @Override
        public Uni<List<Pending>> load(List<String> ids) {
            sample();
            loads.add(List.copyOf(ids));
            if (loadFailuresLeft.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("store down"));
            }
            return Uni.createFrom().item(() -> ids.stream().map(stored::get).filter(p -> p != null).toList())
                    .runSubscriptionOn(timers);
        }

        @Override
        public boolean closed() {
            return false;
        }
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private static Pending pending(int n) {
        return new Pending("|sub|c" + n, null, "sub", n, AT.plusMillis(n), "application/json", Map.of(), "{\"n\":" + n + "}");
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> pending(n).id()).toList();
    }

    private Fake fake() {
        Fake f = new Fake();
        f.lane = new Lane(BOUND, f);
        return f;
    }

    @Test
    void aReceiverDownWhileManyQueueGetsEachOnceInOrderWithAtMostTheBoundHeld() throws Exception {
        Fake f = fake();
        f.down.set(true);
        for (int n = 1; n <= 50; n++) {
            f.stored.put(pending(n).id(), pending(n));  // the outbox has it before it is queued
            f.lane.offer(pending(n));
            f.sample();
        }
        await(() -> f.refused.get() >= 3);
        assertThat(f.lane.size()).isEqualTo(50);
        assertThat(f.lane.held()).isEqualTo(BOUND);
        assertThat(f.loads).as("nothing read while the held ones are not delivered").isEmpty();
        f.down.set(false);
        await(() -> f.delivered.size() == 50 && f.lane.size() == 0);
        assertThat(f.delivered).containsExactlyElementsOf(ids(1, 50));
        assertThat(f.removed).containsExactlyElementsOf(ids(1, 50));
        assertThat(f.maxHeld.get()).isLessThanOrEqualTo(BOUND);
        assertThat(f.loads).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(BOUND));
        assertThat(f.loads.stream().flatMap(List::stream).toList()).as("only the spilled ones are read, once each")
                .containsExactlyElementsOf(ids(BOUND + 1, 50));
    }

    @Test
    void notificationsQueuedWhileIdsWaitComeAfterThem() throws Exception {
        Fake f = fake();
        f.down.set(true);
        for (int n = 1; n <= 12; n++) {
            f.stored.put(pending(n).id(), pending(n));
            f.lane.offer(pending(n));
        }
        await(() -> f.refused.get() >= 1);
        f.down.set(false);
        for (int n = 13; n <= 30; n++) {  // while the lane drains and reads
            f.stored.put(pending(n).id(), pending(n));
            f.lane.offer(pending(n));
            f.sample();
        }
        await(() -> f.delivered.size() == 30 && f.lane.size() == 0);
        assertThat(f.delivered).containsExactlyElementsOf(ids(1, 30));
        assertThat(f.maxHeld.get()).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void aStartUpRecoveryOfMoreThanTheBoundIsReadAPageAtATime() throws Exception {
        Fake f = fake();
        for (int n = 1; n <= 23; n++) {
            f.stored.put(pending(n).id(), pending(n));
        }
        f.lane.offerStored(ids(1, 23));
        await(() -> f.delivered.size() == 23 && f.lane.size() == 0);
        assertThat(f.delivered).containsExactlyElementsOf(ids(1, 23));
        assertThat(f.maxHeld.get()).isLessThanOrEqualTo(BOUND);
        assertThat(f.loads).containsExactly(ids(1, 5), ids(6, 10), ids(11, 15), ids(16, 20), ids(21, 23));
    }

    @Test
    void onesNoLongerStoredAreSkippedAndAFailingOutboxIsReadAgain() throws Exception {
        Fake f = fake();
        for (int n = 1; n <= 12; n++) {
            if (n != 3 && n != 7) {
                f.stored.put(pending(n).id(), pending(n));
            }
        }
        f.loadFailuresLeft.set(2);
        f.lane.offerStored(ids(1, 12));
        await(() -> f.lane.size() == 0);
        List<String> expected = new ArrayList<>(ids(1, 12));
        expected.remove(pending(7).id());
        expected.remove(pending(3).id());
        assertThat(f.delivered).containsExactlyElementsOf(expected);
        assertThat(f.removed).contains(pending(3).id(), pending(7).id());
        assertThat(f.loads.get(2)).as("the failed page is read again").isEqualTo(f.loads.get(0));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(end);
            Thread.sleep(5);
        }
    }
}
