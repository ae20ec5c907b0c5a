package org.civicbroker.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;

/**
 * The lag of each durable consumer in {@code /q/metrics} (issue 19; docs/architecture.md "Recovery
 * model" says how to read them):
 * <ul>
 * <li>{@code ngsild_change_journal_position}: sequence number of the last change journaled;
 * <li>{@code ngsild_change_consumer_position{consumer}}: sequence number of the last change the consumer
 * handled (or set aside) since start-up; the journal position minus it is the lag in changes;
 * <li>{@code ngsild_change_consumer_backlog{consumer}}: changes queued for the consumer;
 * <li>{@code ngsild_change_consumer_held{consumer}}: how many of them are held in memory with their payload
 * (the others are read from the journal when the consumer reaches them);
 * <li>{@code ngsild_change_consumer_oldest_age_seconds{consumer}}: age of the oldest of them;
 * <li>{@code ngsild_change_dead_letters{consumer}}: changes set aside, waiting for an operator.
 * </ul>
 */
final class ConsumerMetrics {

    private ConsumerMetrics() {
    }

    static void register(MeterRegistry metrics, ChangeJournal journal, Collection<ConsumerQueue> queues, DeadLetters deadLetters) {
        Gauge.builder("ngsild.change.journal.position", journal, j -> j.position())
                .description("Sequence number of the last change journaled").register(metrics);
        for (ConsumerQueue q : queues) {
            String name = q.name();
            Gauge.builder("ngsild.change.consumer.position", q, ConsumerQueue::position).tag("consumer", name)
                    .description("Sequence number of the last change the consumer handled").register(metrics);
            Gauge.builder("ngsild.change.consumer.backlog", q, ConsumerQueue::size).tag("consumer", name)
                    .description("Changes queued for the consumer").register(metrics);
            Gauge.builder("ngsild.change.consumer.held", q, ConsumerQueue::held).tag("consumer", name)
                    .description("Changes queued for the consumer and held in memory with their payload").register(metrics);
            Gauge.builder("ngsild.change.consumer.oldest.age", q, x -> x.oldestAgeSeconds(Instant.now())).tag("consumer", name)
                    .baseUnit("seconds").description("Age of the oldest change queued for the consumer").register(metrics);
            Gauge.builder("ngsild.change.dead.letters", deadLetters, d -> d.count(name)).tag("consumer", name)
                    .description("Changes the consumer set aside (dead letters), waiting to be retried").register(metrics);
        }
    }
}
