package org.civicbroker.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes entity changes on the in-memory {@code entity-changes} channel (SmallRye Reactive
 * Messaging; a Kafka or AMQP connector can replace it when several broker instances must share the
 * stream) for live listeners such as metrics, and through the durable {@link ChangeJournal} to the
 * {@link ChangeConsumer}s that must not miss a change. Buffered, so the request path never waits for a consumer.
 */
@ApplicationScoped
public class ChangeEvents {

    public static final String CHANNEL = "entity-changes";

    private static final Logger LOG = Logger.getLogger(ChangeEvents.class);

    private final Emitter<EntityChange> emitter;
    private final MeterRegistry metrics;
    private final ChangeJournal journal;
    private final List<ChangeObserver> observers;

    public ChangeEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<EntityChange> emitter, MeterRegistry metrics, ChangeJournal journal, Instance<ChangeObserver> observers) {
        this.emitter = emitter;
        this.metrics = metrics;
        this.journal = journal;
        this.observers = observers.stream().toList();
    }

    /**
     * Publishes the changes of writes that have succeeded: journals them durably for the
     * {@link ChangeConsumer}s (temporal history, subscriptions), then broadcasts them on the channel to
     * live listeners. Await it before acknowledging the write.
     */
    public Uni<Void> publish(List<EntityChange> changes) {
        // the observers are told on the caller's request (they learn who made the changes), before the append
        observers.forEach(o -> o.published(changes));
        return journal.append(changes).invoke(() -> changes.forEach(this::broadcast));
    }

    public Uni<Void> publish(EntityChange change) {
        return publish(List.of(change));
    }

    /**
     * A full buffer (listeners far behind) must not turn a write that succeeded into an error, so the
     * event is then dropped for the live listeners, logged and counted (durable consumers still get it).
     */
    private void broadcast(EntityChange change) {
        try {
            emitter.send(change);
        } catch (RuntimeException e) {
            metrics.counter("ngsild.entity.changes.dropped").increment();
            LOG.warnf("Change event for %s dropped: %s", change.entityId(), e.getMessage());
        }
    }

    /** Counts changes by operation: {@code ngsild_entity_changes_total{operation="CREATE"}}. */
    @Incoming(CHANNEL)
    void count(EntityChange change) {
        metrics.counter("ngsild.entity.changes", "operation", change.operation().name()).increment();
    }
}
