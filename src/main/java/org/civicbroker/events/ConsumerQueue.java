package org.civicbroker.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
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
 */
final class ConsumerQueue {

    /** Sets a change aside for good: writes the dead letter, marks the change handled. */
    interface SetAside {
        Uni<Void> apply(String consumer, ChangeConsumer.Entry entry, Throwable error, int attempts);
    }

    private static final Logger LOG = Logger.getLogger(ConsumerQueue.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ChangeConsumer consumer;
    private final int batchSize;
    private final int maxAttempts;
    private final BiFunction<String, List<ChangeConsumer.Entry>, Uni<Void>> markDone;
    private final SetAside setAside;
    private final MeterRegistry metrics;
    private final ArrayDeque<ChangeConsumer.Entry> queue = new ArrayDeque<>();
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

    ConsumerQueue(ChangeConsumer consumer, int batchSize, int maxAttempts,
            BiFunction<String, List<ChangeConsumer.Entry>, Uni<Void>> markDone, SetAside setAside, MeterRegistry metrics) {
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.markDone = markDone;
        this.setAside = setAside;
        this.metrics = metrics;
        this.limit = batchSize;
    }

    String name() {
        return consumer.name();
    }

    void offer(List<ChangeConsumer.Entry> entries) {
        synchronized (this) {
            queue.addAll(entries);
            if (draining) {
                return;
            }
            draining = true;
        }
        drain();
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

    /** The journal sequence number of the last change this consumer handled (0: none since start-up). */
    long position() {
        return position;
    }

    /** Seconds since the oldest change still queued was made (0 when none is queued). */
    double oldestAgeSeconds(Instant now) {
        ChangeConsumer.Entry head;
        synchronized (this) {
            head = queue.peek();
        }
        if (head == null || head.change().at() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(head.change().at(), now).toMillis() / 1000.0);
    }

    private void drain() {
        List<ChangeConsumer.Entry> batch = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                draining = false;
                return;
            }
            int max = limit;
            for (ChangeConsumer.Entry e : queue) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(e);
            }
            if (batch.isEmpty()) {
                draining = false;
                return;
            }
            inFlight = true;
        }
        Uni<Void> handled;
        try {
            handled = consumer.accept(batch);
        } catch (RuntimeException e) {
            handled = Uni.createFrom().failure(e);
        }
        handled.call(() -> markDone.apply(consumer.name(), batch))
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
                queue.poll();
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
                queue.poll();
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
