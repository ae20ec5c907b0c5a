package org.civicbroker.ops;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.persistence.StoreProducer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health}: the broker is ready when its store answers a ping. */
@ApplicationScoped
@Readiness
public class StoreHealthCheck implements AsyncHealthCheck {

    private final StoreAccess store;
    private final StoreProducer producer;

    public StoreHealthCheck(StoreAccess store, StoreProducer producer) {
        this.store = store;
        this.producer = producer;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String kind = producer.embedded().isPresent() ? "embedded" : "mongodb";
        return store.ping()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(ok -> HealthCheckResponse.named("store").up().withData("store", kind).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("store").down()
                        .withData("store", kind).withData("error", String.valueOf(e.getMessage())).build());
    }
}
