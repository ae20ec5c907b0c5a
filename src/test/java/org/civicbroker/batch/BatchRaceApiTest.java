package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.civicbroker.batch.BatchRepository.Outcome;
import org.civicbroker.batch.BatchRepository.Write;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.persistence.EntityRepository.Versioned;
import org.civicbroker.tenancy.Tenant;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers: the bulk write reports the entities another writer changed, created or deleted
 * in between as lost (never overwrites them), and the service retries them, so no update is lost.
 */
@QuarkusTest
class BatchRaceApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BatchRepository batches;

    @Inject
    EntityRepository entities;

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c);

    @Test
    void staleVersionsAndExistingIdsAreLostNotOverwritten() {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        Tenant t = new Tenant(tenant);
        Versioned va = entities.find(t, a).await().atMost(WAIT);
        Versioned vb = entities.find(t, b).await().atMost(WAIT);
        // another writer changes a after it was read
        in(tenant).contentType("application/json").body("{\"status\": {\"type\": \"Property\", \"value\": \"changed\"}}")
                .when().patch(path(a) + "/attrs").then().statusCode(204);
        var staleA = va.entity().withModifiedAt(org.civicbroker.entity.EntityService.now());
        var freshB = vb.entity().withModifiedAt(org.civicbroker.entity.EntityService.now());
        Outcome o = batches.collection(t, false)
                .chain(col -> batches.write(col, List.of(new Write(staleA, va.version()), new Write(freshB, vb.version()),
                        new Write(entities.find(t, c).await().atMost(WAIT).entity(), null))))
                .await().atMost(WAIT);
        assertThat(o.done()).containsExactly(b);
        assertThat(o.lost()).containsExactlyInAnyOrder(a, c);
        assertThat(o.failed()).isEmpty();
        get(tenant, a).body("status.value", equalTo("changed"));
        assertThat(entities.find(t, b).await().atMost(WAIT).version()).isEqualTo(vb.version() + 1);

        Outcome d = batches.collection(t, false)
                .chain(col -> batches.delete(col, Map.of(a, va.version(), b, vb.version() + 1)))
                .await().atMost(WAIT);
        assertThat(d.done()).containsExactly(b);
        assertThat(d.lost()).containsExactly(a);
        get(tenant, a);
    }

    @Test
    void aWriterThatLostInTheSameMillisecondIsToldSo() {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        Tenant t = new Tenant(tenant);
        Versioned va = entities.find(t, a).await().atMost(WAIT);
        // two writers start from the same version and stamp the same modifiedAt: only the first may win
        var stamped = va.entity().withModifiedAt(org.civicbroker.entity.EntityService.now());
        Outcome first = batches.collection(t, false)
                .chain(col -> batches.write(col, List.of(new Write(stamped, va.version()))))
                .await().atMost(WAIT);
        Outcome second = batches.collection(t, false)
                .chain(col -> batches.write(col, List.of(new Write(stamped, va.version()))))
                .await().atMost(WAIT);
        assertThat(first.done()).containsExactly(a);
        assertThat(second.done()).isEmpty();
        assertThat(second.lost()).containsExactly(a);
    }

    @Test
    void concurrentBatchUpdatesOfOneEntityAreAllApplied() throws Exception {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "[{\"id\": \"" + a + "\", \"attr" + i + "\": {\"type\": \"Property\", \"value\": " + i + "}},"
                        + " {\"id\": \"" + b + "\", \"attr" + i + "\": {\"type\": \"Property\", \"value\": " + i + "}}]";
                statuses.add(pool.submit(() -> post(tenant, "update", body).extract().statusCode()));
            }
            for (Future<Integer> s : statuses) {
                assertThat(s.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : List.of(a, b)) {
            var r = get(tenant, id);
            for (int i = 0; i < writers; i++) {
                r.body("attr" + i + ".value", equalTo(i));
            }
        }
    }
}
