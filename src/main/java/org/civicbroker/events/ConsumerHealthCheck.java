package org.civicbroker.events;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health} (and {@code /q/health/well}): the change consumers are "degraded" (DOWN, with the
 * dead letters per consumer) while any change is set aside in the dead-letter collection. A wellness
 * check, not readiness or liveness: the broker still serves and records everything else, so an
 * orchestrator must neither restart it nor take it out of service; an operator should look.
 */
@ApplicationScoped
@Wellness
public class ConsumerHealthCheck implements HealthCheck {

    private final DeadLetters deadLetters;
    private final ChangeJournal journal;

    public ConsumerHealthCheck(DeadLetters deadLetters, ChangeJournal journal) {
        this.deadLetters = deadLetters;
        this.journal = journal;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Long> counts = deadLetters.counts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("change-consumers").status(total == 0)
                .withData("state", total == 0 ? "ok" : "degraded")
                .withData("deadLetters", total);
        counts.forEach((consumer, n) -> b.withData("deadLetters." + consumer, n));
        journal.backlog().forEach((consumer, n) -> b.withData("backlog." + consumer, n));
        return b.build();
    }
}
