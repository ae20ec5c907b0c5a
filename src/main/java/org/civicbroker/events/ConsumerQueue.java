package org.civicbroker.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * One consumer's queue of journaled changes: drained by at most one batch at a time, so the consumer
 * sees changes in order; a failed batch is retried (back-off up to 30 s) before anything after it.
 */
final class ConsumerQueue {

    private static final Logger LOG = Logger.getLogger(ConsumerQueue.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ChangeConsumer consumer;
    private final int batchSize;
    private final BiFunction<String, List<ChangeConsumer.Entry>, Uni<Void>> markDone;
    private final MeterRegistry metrics;
    private final ArrayDeque<ChangeConsumer.Entry> queue = new ArrayDeque<>();
    private boolean draining;
    private int failures;

    ConsumerQueue(ChangeConsumer consumer, int batchSize,
            BiFunction<String, List<ChangeConsumer.Entry>, Uni<Void>> markDone, MeterRegistry metrics) {
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.markDone = markDone;
        this.metrics = metrics;
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

    synchronized int size() {
        return queue.size();
    }

    private void drain() {
        List<ChangeConsumer.Entry> batch = new ArrayList<>();
        synchronized (this) {
            for (ChangeConsumer.Entry e : queue) {
                if (batch.size() == batchSize) {
                    break;
                }
                batch.add(e);
            }
            if (batch.isEmpty()) {
                draining = false;
                return;
            }
        }
        Uni<Void> handled;
        try {
            handled = consumer.accept(batch);
        } catch (RuntimeException e) {
            handled = Uni.createFrom().failure(e);
        }
        handled.call(() -> markDone.apply(consumer.name(), batch))
                .subscribe().with(ok -> {
                    synchronized (this) {
                        for (int i = 0; i < batch.size(); i++) {
                            queue.poll();
                        }
                        failures = 0;
                    }
                    // next batch on a worker: a consumer that completes synchronously must not grow the stack
                    Infrastructure.getDefaultWorkerPool().execute(this::drain);
                }, e -> {
                    int n;
                    synchronized (this) {
                        n = ++failures;
                    }
                    metrics.counter("ngsild.change.consumer.failures", "consumer", consumer.name()).increment();
                    Duration wait = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(n, 12)));
                    LOG.warnf(e, "Consumer %s failed on %d change(s) (attempt %d); retrying in %s", consumer.name(), batch.size(), n, wait);
                    Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(x -> drain());
                });
    }
}
