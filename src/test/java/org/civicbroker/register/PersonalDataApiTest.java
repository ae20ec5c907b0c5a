package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.register.RegisterSupport.as;
import static org.civicbroker.register.RegisterSupport.fixture;
import static org.civicbroker.register.RegisterSupport.newId;
import static org.civicbroker.register.RegisterSupport.newTenant;
import static org.civicbroker.register.RegisterSupport.putEntry;

import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attributes the register classifies personal (issue 17): {@code pseudonymise} stores the keyed hash
 * (in the current state and the history, never hashed twice), {@code keepOutOfHistory} stays in the
 * current state but never reaches the history.
 */
@QuarkusTest
class PersonalDataApiTest {

    private static final Pseudonymiser KEYED = new Pseudonymiser("test-pseudonym-key-not-a-secret");  // %test key
    private final String tenant = newTenant();
    private final String id = newId("DampMouldReading");

    @Test
    void pseudonymisedAndKeptOutOfHistory() throws InterruptedException {
        putEntry(tenant, "DampMouldReading", "damp-mould.json").then().statusCode(201);
        as(tenant).body(fixture("damp-entity.json", id)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        String address = KEYED.pseudonym(TextNode.valueOf("12 Example Road, London E8 1AA")).asText();
        assertThat(address).startsWith("hmac-sha256:").doesNotContain("Example");

        JsonPath e = entity();
        assertThat(e.getString("address.value")).isEqualTo(address);
        assertThat(e.getString("occupancy.value")).isEqualTo("occupied");

        // a write that leaves the attribute alone does not hash it again; a new value is hashed
        as(tenant).body("{\"relativeHumidity\": {\"type\": \"Property\", \"value\": 74}}")
                .patch("/ngsi-ld/v1/entities/" + id + "/attrs").then().statusCode(204);
        assertThat(entity().getString("address.value")).isEqualTo(address);
        as(tenant).body("{\"address\": {\"type\": \"Property\", \"value\": \"3 Other Street\"}}")
                .post("/ngsi-ld/v1/entities/" + id + "/attrs").then().statusCode(204);
        String other = KEYED.pseudonym(TextNode.valueOf("3 Other Street")).asText();
        assertThat(entity().getString("address.value")).isEqualTo(other);

        JsonPath history = awaitHistory(2);
        assertThat(history.getMap("")).doesNotContainKey("occupancy");
        assertThat(history.getList("address.value")).containsExactly(address, other);
        assertThat(history.getString("")).doesNotContain("Example Road").doesNotContain("occupied");
    }

    @Test
    void historyWrittenDirectlyIsHandledTheSameWay() {
        putEntry(tenant, "DampMouldReading", "damp-mould.json").then().statusCode(201);
        as(tenant).body(fixture("damp-entity.json", id)).post("/ngsi-ld/v1/temporal/entities").then().statusCode(201);
        JsonPath h = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(h.getMap("")).doesNotContainKey("occupancy");
        String address = KEYED.pseudonym(TextNode.valueOf("12 Example Road, London E8 1AA")).asText();
        assertThat(h.getString("address.value[0]") != null ? h.getList("address.value") : List.of(h.getString("address.value")))
                .containsExactly(address);
    }

    private JsonPath entity() {
        return as(tenant).get("/ngsi-ld/v1/entities/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits (at most 60 s: the recorder runs after the write is acknowledged) for n humidity instances. */
    private JsonPath awaitHistory(int humidity) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        JsonPath last = null;
        while (Instant.now().isBefore(end)) {
            var r = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id);
            if (r.statusCode() == 200) {
                last = r.jsonPath();
                List<Object> l = last.getList("relativeHumidity");
                if (l != null && l.size() >= humidity && last.getList("address") != null && last.getList("address").size() >= 2) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history not recorded: " + (last == null ? "none" : last.prettify()));
    }
}
