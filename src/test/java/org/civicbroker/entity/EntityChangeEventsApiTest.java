package org.civicbroker.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.attrPath;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every successful write emits exactly one change event with before/after; a rejected or no-op write emits none. */
@QuarkusTest
class EntityChangeEventsApiTest {

    private static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";

    @Inject
    ChangeRecorder recorder;

    private final String tenant = newTenant();
    private String id;

    @BeforeEach
    void createSensor() throws Exception {
        id = newId("Sensor");
        create(tenant, fixture("sensor.json", id));
        List<EntityChange> changes = recorder.await(tenant, 1);
        assertThat(changes).hasSize(1);
    }

    /** Waits for the next event and asserts it is the only new one. */
    private EntityChange next(int seen, Operation op) throws Exception {
        List<EntityChange> changes = recorder.await(tenant, seen + 1);
        assertThat(changes).hasSize(seen + 1);
        EntityChange c = changes.get(seen);
        assertThat(c.operation()).isEqualTo(op);
        assertThat(c.entityId()).isEqualTo(id);
        assertThat(c.tenant()).isEqualTo(tenant);
        assertThat(c.at()).isNotNull();
        return c;
    }

    /** The default instance's value of the attribute whose expanded IRI ends with {@code /attr}, as text. */
    private static Object value(Entity e, String attr) {
        return e.attributes().entrySet().stream()
                .filter(a -> a.getKey().endsWith("/" + attr))
                .map(a -> a.getValue().get(0).value().asText())
                .findFirst().orElse(null);
    }

    @Test
    void createEmitsTheNewEntityWithNoBefore() {
        EntityChange c = recorder.of(tenant).get(0);
        assertThat(c.operation()).isEqualTo(Operation.CREATE);
        assertThat(c.entityId()).isEqualTo(id);
        assertThat(c.before()).isNull();
        assertThat(c.after().id()).isEqualTo(id);
        assertThat(c.after().types()).containsExactly(NS + "Sensor");
        assertThat(c.after().createdAt()).isNotNull();
        assertThat(value(c.after(), "status")).isEqualTo("ok");
    }

    @Test
    void eachUpdateOperationEmitsOneEventWithBeforeAndAfter() throws Exception {
        int seen = 1;
        in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(id) + "/attrs")
                .then().statusCode(204);
        EntityChange c = next(seen++, Operation.UPDATE);
        assertThat(value(c.before(), "status")).isEqualTo("ok");
        assertThat(value(c.after(), "status")).isEqualTo("degraded");

        in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs")
                .then().statusCode(204);
        c = next(seen++, Operation.APPEND);
        assertThat(value(c.before(), "battery")).isNull();
        assertThat(value(c.after(), "battery")).isEqualTo("0.2");

        in(tenant).contentType(JSON).body(fixture("sensor-merge.json")).when().patch(path(id)).then().statusCode(204);
        c = next(seen++, Operation.MERGE);
        assertThat(value(c.before(), "status")).isEqualTo("offline");
        assertThat(value(c.after(), "status")).isNull();

        in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when().patch(attrPath(id, "temperature"))
                .then().statusCode(204);
        c = next(seen++, Operation.PARTIAL_UPDATE);
        assertThat(value(c.before(), "temperature")).isEqualTo("22.0");
        assertThat(value(c.after(), "temperature")).isEqualTo("23.25");

        in(tenant).contentType(JSON).body(fixture("temperature-replacement.json")).when().put(attrPath(id, "temperature"))
                .then().statusCode(204);
        c = next(seen++, Operation.REPLACE_ATTRIBUTE);
        assertThat(value(c.after(), "temperature")).isEqualTo("18");

        in(tenant).when().delete(attrPath(id, "temperature")).then().statusCode(204);
        c = next(seen++, Operation.DELETE_ATTRIBUTE);
        assertThat(value(c.before(), "temperature")).isEqualTo("18");
        assertThat(value(c.after(), "temperature")).isNull();

        in(tenant).contentType(JSON).body(fixture("sensor-replacement.json")).when().put(path(id)).then().statusCode(204);
        c = next(seen++, Operation.REPLACE);
        assertThat(value(c.before(), "name")).isEqualTo("Kerbside sensor 2");
        assertThat(value(c.after(), "name")).isNull();
        assertThat(value(c.after(), "serialNumber")).isEqualTo("SN-0042");
        assertThat(c.after().createdAt()).isEqualTo(c.before().createdAt());

        in(tenant).when().delete(path(id)).then().statusCode(204);
        c = next(seen, Operation.DELETE);
        assertThat(c.before().id()).isEqualTo(id);
        assertThat(value(c.before(), "serialNumber")).isEqualTo("SN-0042");
        assertThat(c.after()).isNull();
    }

    @Test
    void rejectedRequestsEmitNothing() throws Exception {
        in(tenant).contentType(JSON).body(fixture("sensor.json", id)).when().post(BASE).then().statusCode(409);
        in(tenant).contentType(JSON).body(fixture("missing-type.json", newId("Sensor"))).when().post(BASE).then().statusCode(400);
        in(tenant).contentType("text/plain").body(fixture("sensor.json", newId("Sensor"))).when().post(BASE).then().statusCode(415);
        in(tenant).contentType(JSON).body(fixture("sensor-replacement-other-id.json")).when().put(path(id)).then().statusCode(400);
        in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(newId("Sensor")) + "/attrs")
                .then().statusCode(404);
        in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when().patch(attrPath(id, "humidity"))
                .then().statusCode(404);
        in(tenant).when().delete(attrPath(id, "humidity")).then().statusCode(404);
        in(tenant).when().delete(path(newId("Sensor"))).then().statusCode(404);
        assertThat(recorder.await(tenant, 2)).hasSize(1);
    }

    @Test
    void writesThatChangeNothingEmitNothing() throws Exception {
        // Update deleting an attribute that does not exist: 207, nothing updated.
        in(tenant).contentType(JSON).body(fixture("nonexistent-null.json"))
                .when().patch(path(id) + "/attrs").then().statusCode(207);
        // Append with noOverwrite of an attribute that exists: 207, nothing appended.
        in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json"))
                .when().post(path(id) + "/attrs?options=noOverwrite").then().statusCode(207);
        assertThat(recorder.await(tenant, 2)).hasSize(1);
    }
}
