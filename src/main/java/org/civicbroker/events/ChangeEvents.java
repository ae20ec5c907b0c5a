package org.civicbroker.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes entity changes on the in-memory {@code entity-changes} channel (SmallRye Reactive
 * Messaging; a Kafka or AMQP connector can replace it when several broker instances must share the
 * stream). Broadcast, so every consumer (temporal history, subscriptions, metrics) sees every change;
 * buffered, so the request path never waits for a consumer.
 */
@ApplicationScoped
public class ChangeEvents {

    public static final String CHANNEL = "entity-changes";

    private static final Logger LOG = Logger.getLogger(ChangeEvents.class);

    private final Emitter<EntityChange> emitter;
    private final MeterRegistry metrics;

    public ChangeEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<EntityChange> emitter, MeterRegistry metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /**
     * Publishes a change of a write that has already succeeded: a full buffer (consumers far behind)
     * must not turn that write into an error, so the event is then dropped, logged and counted.
     */
    public void publish(EntityChange change) {
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
