package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.civicbroker.entity.ChangeRecorder;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;

/** Every batch operation emits one change per changed entity, with the single-entity operation values. */
@QuarkusTest
class BatchChangeEventsApiTest {

    @Inject
    ChangeRecorder recorder;

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final String x = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c, "x", x);

    /** The default instance's value of the attribute whose expanded IRI ends with {@code /attr}, as text. */
    private static Object value(Entity e, String attr) {
        return e.attributes().entrySet().stream()
                .filter(a -> a.getKey().endsWith("/" + attr))
                .map(a -> a.getValue().get(0).value().asText())
                .findFirst().orElse(null);
    }

    private List<EntityChange> since(int seen, int expectedNew) throws InterruptedException {
        List<EntityChange> all = recorder.await(tenant, seen + expectedNew);
        assertThat(all).hasSize(seen + expectedNew);
        return all.subList(seen, all.size());
    }

    @Test
    void createEmitsOneCreatePerCreatedEntityAndNothingForErrors() throws Exception {
        post(tenant, "create", fixture("duplicate-create.json", ids)).statusCode(207);
        List<EntityChange> changes = since(0, 2);
        assertThat(changes).extracting(EntityChange::operation).containsOnly(Operation.CREATE);
        assertThat(changes).extracting(EntityChange::entityId).containsExactlyInAnyOrder(a, b);
        EntityChange ca = changes.stream().filter(ch -> ch.entityId().equals(a)).findFirst().orElseThrow();
        assertThat(ca.before()).isNull();
        assertThat(value(ca.after(), "status")).isEqualTo("first");
    }

    @Test
    void upsertEmitsCreateForNewAndReplaceOrAppendForExistingOncePerEntity() throws Exception {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        in(tenant).when().delete(BASE + "/" + c).then().statusCode(204);
        int seen = 4;
        since(0, seen);
        post(tenant, "upsert", fixture("sensor-a-renamed.json", ids)).statusCode(201);
        List<EntityChange> changes = since(seen, 2);
        seen += 2;
        assertThat(changes).extracting(EntityChange::entityId, EntityChange::operation)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(a, Operation.REPLACE),
                        org.assertj.core.groups.Tuple.tuple(c, Operation.CREATE));
        EntityChange ra = changes.stream().filter(ch -> ch.entityId().equals(a)).findFirst().orElseThrow();
        assertThat(value(ra.before(), "status")).isEqualTo("ok");
        assertThat(value(ra.after(), "status")).isNull();
        assertThat(value(ra.after(), "name")).isEqualTo("renamed");

        post(tenant, "upsert?options=update", fixture("upsert-duplicate.json", ids)).statusCode(204);
        changes = since(seen, 1);
        assertThat(changes.get(0).operation()).isEqualTo(Operation.APPEND);
        assertThat(value(changes.get(0).before(), "battery")).isNull();
        assertThat(value(changes.get(0).after(), "temperature")).isEqualTo("1");
        assertThat(value(changes.get(0).after(), "battery")).isEqualTo("0.5");
    }

    @Test
    void updateMergeDeleteAndPurgeEmitTheirOperations() throws Exception {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        int seen = 3;
        since(0, seen);
        post(tenant, "update", fixture("update.json", ids)).statusCode(207);
        List<EntityChange> changes = since(seen, 2);
        seen += 2;
        assertThat(changes).extracting(EntityChange::operation).containsOnly(Operation.APPEND);
        assertThat(changes).extracting(EntityChange::entityId).containsExactlyInAnyOrder(a, b);

        post(tenant, "update?options=noOverwrite", "[{\"id\": \"" + a + "\", \"status\": {\"type\": \"Property\", \"value\": \"x\"}}]")
                .statusCode(207);  // nothing changes: nothing to announce (207: the existing status was kept)

        post(tenant, "merge", fixture("merge.json", ids)).statusCode(207);
        changes = since(seen, 2);
        seen += 2;
        assertThat(changes).extracting(EntityChange::operation).containsOnly(Operation.MERGE);

        post(tenant, "delete", "[\"" + a + "\", \"" + x + "\"]").statusCode(207);
        changes = since(seen, 1);
        seen += 1;
        assertThat(changes.get(0).operation()).isEqualTo(Operation.DELETE);
        assertThat(changes.get(0).entityId()).isEqualTo(a);
        assertThat(changes.get(0).after()).isNull();
        assertThat(value(changes.get(0).before(), "temperature")).isEqualTo("19");

        in(tenant).when().delete(BASE + "?type=Sensor").then().statusCode(204);
        changes = since(seen, 2);
        assertThat(changes).extracting(EntityChange::operation).containsOnly(Operation.DELETE);
        assertThat(changes).extracting(EntityChange::entityId).containsExactlyInAnyOrder(b, c);
        assertThat(changes).allSatisfy(ch -> assertThat(ch.before()).isNotNull());
    }
}
