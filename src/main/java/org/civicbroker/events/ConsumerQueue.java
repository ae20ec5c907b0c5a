package org.civicbroker.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One consumer's queue of journaled changes: drained by at most one batch at a time, so the consumer
 * sees changes in order.
 *
 * <p>No poison change blocks the stream (issue 19): a failing batch is split in halves, down to the
 * change that fails; that change is retried with back-off (0.2 s doubling to 30 s) and, after
 * {@code maxAttempts} failures, set aside ({@link SetAside}: kept with its error in the dead-letter
 * collection and marked handled), and the changes after it go on. Splitting stops at the end of the
 * batch that first failed; batches are full-sized again after it. A change that cannot be set aside
 * (the store is down, so the dead letter cannot be written either) stays at the head and is retried.
 *
 * <p>At shutdown ({@link #stop}) no batch starts any more, a retry that comes due does nothing and a
 * failure counts for nothing (it is the store closing, not the change): the changes still queued stay
 * pending in the journal and are handed over again at the next start. {@link #awaitIdle} waits for the
 * batch in flight, so the store is closed only once no consumer is using it.
 *
 * <p>Bounded memory (issue 19): the queue holds at most {@code maxHeld} changes with their payload (the
 * change with its before and after entities, several KB decoded); a change queued beyond that is kept as
 * its sequence number and time only, and its entry is read from the journal ({@code load}, by sequence
 * number, one batch at a time) when a batch reaches it. A backlog (a replay at start-up, a consumer behind
 * a burst of writes) therefore costs on the order of 100 bytes per change, not its payload. A change that
 * is not in the journal (its journal insert failed) is always held. A stored change that is no longer in
 * the journal when loaded is skipped with a warning and marked handled.
 */
final class ConsumerQueue {

    /** Sets a change aside for good: writes the dead letter, marks the change handled. */
    interface SetAside {
        Uni<Void> apply(String consumer, ChangeConsumer.Entry entry, Throwable error, int attempts);
    }

    /**
     * A queued change: its sequence number, its time (for the oldest-age metric) and its entry, or null
     * when the entry is left in the journal and loaded when a batch reaches it.
     */
    record Slot(long seq, Instant at, ChangeConsumer.Entry entry) {
        static Slot held(ChangeConsumer.Entry e) {
            return new Slot(e.seq(), e.change().at(), e);
        }

        static Slot stored(long seq, Instant at) {
            return new Slot(seq, at, null);
        }
    }

    /** Changes a queue holds with their payload in the broker: some tens of MB per consumer at most. */
    static final int HELD = 4096;
    private static final Logger LOG = Logger.getLogger(ConsumerQueue.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ChangeConsumer consumer;
    private final int batchSize;
    private final int maxAttempts;
    private final int maxHeld;
    private final Function<List<Long>, Uni<List<ChangeConsumer.Entry>>> load;
    private final BiFunction<String, List<Long>, Uni<Void>> markDone;
    private final SetAside setAside;
    private final MeterRegistry metrics;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    /** Slots of {@link #queue} holding their entry. */
    private int held;
    /** Consecutive failures to load entries from the journal (the store is down). */
    private int loadFailures;
    private boolean draining;
    /** A batch has been handed to the consumer and has not completed yet. */
    private boolean inFlight;
    /** Set at shutdown: no batch starts any more. */
    private boolean stopped;
    /** Failures of the current single-change batch. */
    private int attempts;
    /** Largest batch while splitting; {@code batchSize} otherwise. */
    private int limit;
    /** Splitting goes on until the change with this sequence number has been handled (-1: not splitting). */
    private long splitUntil = -1;
    /** Sequence number of the last change handled (0: none yet). */
    private volatile long position;

    /**
     * @param maxHeld changes held with their payload ({@link #HELD} in the broker)
     * @param load reads the journal entries with these sequence numbers (any order; missing ones left out)
     * @param markDone records that the consumer handled the changes with these sequence numbers
     */
    ConsumerQueue(ChangeConsumer consumer, int batchSize, int maxAttempts, int maxHeld,
            Function<List<Long>, Uni<List<ChangeConsumer.Entry>>> load, BiFunction<String, List<Long>, Uni<Void>> markDone,
            SetAside setAside, MeterRegistry metrics) {
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.maxHeld = maxHeld;
        this.load = load;
        this.markDone = markDone;
        this.setAside = setAside;
        this.metrics = metrics;
        this.limit = batchSize;
    }

    String name() {
        return consumer.name();
    }

    /** Queues journaled changes (held while under the bound, else loaded from the journal when reached). */
    void offer(List<ChangeConsumer.Entry> entries) {
        offer(entries, true);
    }

    /**
     * Queues changes; {@code journaled} false (their journal insert failed, so they cannot be loaded again)
     * holds them whatever the bound.
     */
    void offer(List<ChangeConsumer.Entry> entries, boolean journaled) {
        synchronized (this) {
            for (ChangeConsumer.Entry e : entries) {
                if (held < maxHeld || !journaled) {
                    queue.add(Slot.held(e));
                    held++;
                } else {
                    queue.add(Slot.stored(e.seq(), e.change().at()));
                }
            }
            if (!startDraining()) {
                return;
            }
        }
        drain();
    }

    /** Queues changes left in the journal (a replay at start-up): their entries are loaded when reached. */
    void offerStored(List<Slot> stored) {
        synchronized (this) {
            queue.addAll(stored);
            if (!startDraining()) {
                return;
            }
        }
        drain();
    }

    /** Under the lock, after queuing: true when the caller is to drain (no drain is going on). */
    private boolean startDraining() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /**
     * Shutdown: no batch starts from now on (the changes queued stay pending in the journal). Returns at
     * once; {@link #awaitIdle} waits for the batch in flight.
     */
    synchronized void stop() {
        stopped = true;
    }

    /**
     * Waits until no batch is in flight (after {@link #stop}: until the consumer no longer uses the store);
     * false when {@code timeout} passed first.
     */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized boolean stopped() {
        return stopped;
    }

    synchronized int size() {
        return queue.size();
    }

    /** Changes queued with their payload in memory (at most {@code maxHeld}, plus any not journaled). */
    synchronized int held() {
        return held;
    }

    /** The journal sequence number of the last change this consumer handled (0: none since start-up). */
    long position() {
        return position;
    }

    /** Seconds since the oldest change still queued was made (0 when none is queued). */
    double oldestAgeSeconds(Instant now) {
        Slot head;
        synchronized (this) {
            head = queue.peek();
        }
        if (head == null || head.at() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(head.at(), now).toMillis() / 1000.0);
    }

    private void drain() {
        List<Slot> slots = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                draining = false;
                return;
            }
            int max = limit;
            for (Slot s : queue) {
                if (slots.size() == max) {
                    break;
                }
                slots.add(s);
            }
            if (slots.isEmpty()) {
                draining = false;
                return;
            }
            inFlight = true;
        }
        List<Long> stored = slots.stream().filter(s -> s.entry() == null).map(Slot::seq).toList();
        if (stored.isEmpty()) {
            handle(slots.stream().map(Slot::entry).toList());
            return;
        }
        Uni<List<ChangeConsumer.Entry>> loading;
        try {
            loading = load.apply(stored);
        } catch (RuntimeException e) {
            loading = Uni.createFrom().failure(e);
        }
        loading.subscribe().with(loaded -> loaded(slots, loaded), this::loadFailed);
    }

    /**
     * The entries of the batch's stored slots have been read: hands the batch over up to the first slot
     * whose entry is missing, or skips the missing slots when the batch starts with them.
     */
    private void loaded(List<Slot> slots, List<ChangeConsumer.Entry> loaded) {
        synchronized (this) {
            loadFailures = 0;
            if (stopped) {  // shutdown came while reading: the changes stay pending for the next start
                inFlight = false;
                draining = false;
                notifyAll();
                return;
            }
        }
        Map<Long, ChangeConsumer.Entry> bySeq = new java.util.HashMap<>();
        loaded.forEach(e -> bySeq.put(e.seq(), e));
        List<ChangeConsumer.Entry> batch = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (Slot s : slots) {
            ChangeConsumer.Entry e = s.entry() != null ? s.entry() : bySeq.get(s.seq());
            if (e == null && batch.isEmpty()) {
                missing.add(s.seq());
            } else if (e == null || !missing.isEmpty()) {
                break;  // the batch ends before a missing slot (or the skipped ones end at a present one)
            } else {
                batch.add(e);
            }
        }
        if (missing.isEmpty()) {
            handle(batch);
        } else {
            skip(missing);
        }
    }

    /** Reading the journal failed (the store is down): the batch is tried again after a back-off. */
    private void loadFailed(Throwable e) {
        landed();
        if (stopped()) {
            synchronized (this) {
                draining = false;
            }
            return;
        }
        int n;
        synchronized (this) {
            n = ++loadFailures;
        }
        Duration wait = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(n, 12)));
        LOG.warnf("Consumer %s: its queued changes could not be read from the journal (%s); retrying in %s", consumer.name(),
                e.getMessage(), wait);
        later(wait);
    }

    /**
     * Queued changes that are no longer in the journal (deleted by hand; should not happen): nothing can be
     * handed over, so they are marked handled with one warning rather than block the stream.
     */
    private void skip(List<Long> missing) {
        LOG.warnf("Consumer %s: %d queued change(s) no longer in the change journal (%d to %d); skipped", consumer.name(),
                missing.size(), missing.get(0), missing.get(missing.size() - 1));
        markDone.apply(consumer.name(), missing).subscribe().with(ok -> {
            synchronized (this) {
                inFlight = false;
                notifyAll();
                for (int i = 0; i < missing.size(); i++) {
                    poll();
                }
            }
            position = missing.get(missing.size() - 1);
            Infrastructure.getDefaultWorkerPool().execute(this::drain);
        }, this::loadFailed);
    }

    /** Under the lock: removes the head slot. */
    private void poll() {
        if (queue.poll().entry() != null) {
            held--;
        }
    }

    /** Hands {@code batch} (the entries of the queue's first slots, in order) to the consumer. */
    private void handle(List<ChangeConsumer.Entry> batch) {
        List<Long> seqs = batch.stream().map(ChangeConsumer.Entry::seq).toList();
        Uni<Void> handled;
        try {
            handled = consumer.accept(batch);
        } catch (RuntimeException e) {
            handled = Uni.createFrom().failure(e);
        }
        handled.call(() -> markDone.apply(consumer.name(), seqs))
                .subscribe().with(ok -> succeeded(batch), e -> failed(batch, e));
    }

    /** The batch in flight has completed (either way); wakes {@link #awaitIdle}. */
    private synchronized void landed() {
        inFlight = false;
        notifyAll();
    }

    private void succeeded(List<ChangeConsumer.Entry> batch) {
        long last = batch.get(batch.size() - 1).seq();
        synchronized (this) {
            inFlight = false;
            notifyAll();
            for (int i = 0; i < batch.size(); i++) {
                poll();
            }
            attempts = 0;
            if (splitUntil >= 0 && last >= splitUntil) {
                splitUntil = -1;
                limit = batchSize;
            }
        }
        position = last;
        try {
            consumer.handled(batch);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Consumer %s failed after handling %d change(s)", consumer.name(), batch.size());
        }
        // next batch on a worker: a consumer that completes synchronously must not grow the stack
        Infrastructure.getDefaultWorkerPool().execute(this::drain);
    }

    private void failed(List<ChangeConsumer.Entry> batch, Throwable e) {
        landed();
        if (stopped()) {
            // the store is closing under the batch: not the change's fault; it stays pending for the next start
            LOG.debugf("Consumer %s: batch of %d change(s) not completed at shutdown (%s); handed over again at the next start",
                    consumer.name(), batch.size(), e.getMessage());
            synchronized (this) {
                draining = false;
            }
            return;
        }
        metrics.counter("ngsild.change.consumer.failures", "consumer", consumer.name()).increment();
        if (batch.size() > 1) {
            // split: find the change that fails (the halves that pass go on at once)
            synchronized (this) {
                splitUntil = Math.max(splitUntil, batch.get(batch.size() - 1).seq());
                limit = Math.max(1, batch.size() / 2);
            }
            LOG.debugf("Consumer %s failed on %d changes (%s); trying %d at a time", consumer.name(), batch.size(),
                    e.getMessage(), Math.max(1, batch.size() / 2));
            later(Duration.ofMillis(50));
            return;
        }
        ChangeConsumer.Entry entry = batch.get(0);
        int n;
        synchronized (this) {
            splitUntil = Math.max(splitUntil, entry.seq());
            limit = 1;
            n = ++attempts;
        }
        if (n < maxAttempts) {
            Duration wait = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(n, 12)));
            LOG.warnf("Consumer %s failed on change %d (%s %s), attempt %d of %d; retrying in %s: %s", consumer.name(),
                    entry.seq(), entry.change().operation(), entry.change().entityId(), n, maxAttempts, wait, e.getMessage());
            later(wait);
            return;
        }
        synchronized (this) {
            if (stopped) {
                draining = false;
                return;  // set aside at the next start if it fails again then
            }
            inFlight = true;  // setting aside writes to the store too
        }
        setAside.apply(consumer.name(), entry, e, n).subscribe().with(ok -> {
            landed();
            metrics.counter("ngsild.change.dead.lettered", "consumer", consumer.name()).increment();
            LOG.errorf(e, "Consumer %s set change %d (%s %s, tenant %s) aside after %d attempts; it is kept in the dead-letter"
                    + " collection and can be retried (POST /ngsi-ld/v1/x-admin/deadLetters/retry)", consumer.name(), entry.seq(),
                    entry.change().operation(), entry.change().entityId(), entry.change().tenant(), n);
            synchronized (this) {
                poll();
                attempts = 0;
            }
            position = entry.seq();
            Infrastructure.getDefaultWorkerPool().execute(this::drain);
        }, f -> {
            landed();
            LOG.warnf("Consumer %s: change %d could not be set aside either (%s); retrying it", consumer.name(), entry.seq(),
                    f.getMessage());
            later(MAX_BACKOFF);
        });
    }

    private void later(Duration wait) {
        Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(x -> drain());
    }
}
