package org.civicbroker.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a change a consumer keeps failing on is set aside (dead letter) after
 * {@code civic.events.max-attempts} attempts, the changes after it go on, it is counted in /q/metrics,
 * /q/health says degraded, and an operator can list and retry it.
 */
@QuarkusTest
class DeadLetterApiTest {

    private static final String DEAD_LETTERS = "/ngsi-ld/v1/x-admin/deadLetters";

    @Inject
    JournalProbe probe;

    private final String tenant = newTenant();

    @Test
    void aPoisonChangeIsSetAsideCountedReportedAndRetried() throws Exception {
        String before = newId("Sensor");
        String poison = newId("Sensor");
        String after = newId("Sensor");
        probe.poison(poison);
        try {
            create(tenant, fixture("sensor.json", before));
            create(tenant, fixture("sensor.json", poison));
            create(tenant, fixture("sensor.json", after));
            // the changes around the poison one get through, in order
            List<ChangeConsumer.Entry> seen = probe.await(tenant, 2);
            assertThat(seen).extracting(e -> e.change().entityId()).containsExactly(before, after);

            Map<String, Object> letter = awaitLetter(poison);
            assertThat(letter).containsEntry("consumer", probe.name()).containsEntry("tenant", tenant)
                    .containsEntry("operation", "CREATE").containsEntry("attempts", 5);
            assertThat((String) letter.get("error")).contains("probe poisoned by " + poison);

            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("ngsild_change_dead_letters\\{consumer=\"test-probe\"[^}]*} [1-9]");
            assertThat(metrics).contains("ngsild_change_dead_lettered_total{consumer=\"test-probe\"");
            JsonPath health = given().when().get("/q/health").then().statusCode(503).extract().jsonPath();
            assertThat(health.getString("checks.find { it.name == 'change-consumers' }.status")).isEqualTo("DOWN");
            assertThat(health.getString("checks.find { it.name == 'change-consumers' }.data.state")).isEqualTo("degraded");
            given().when().get("/q/health/ready").then().statusCode(200);

            probe.cure(poison);
            given().when().post(DEAD_LETTERS + "/" + letter.get("id") + "/retry").then().statusCode(204);
            assertThat(probe.await(tenant, 3)).extracting(e -> e.change().entityId()).containsExactly(before, after, poison);
            assertThat(letters()).noneMatch(l -> poison.equals(l.get("entityId")));
        } finally {
            probe.cure(poison);
        }
    }

    @Test
    void retryingAnUnknownDeadLetterIsNotFound() {
        given().when().post(DEAD_LETTERS + "/nobody-1/retry").then().statusCode(404)
                .body("type", org.hamcrest.Matchers.equalTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound"));
        given().when().post(DEAD_LETTERS + "/retry?bogus=1").then().statusCode(400);
    }

    @Test
    void lagOfEveryConsumerIsInTheMetrics() {
        create(tenant, fixture("sensor.json", newId("Sensor")));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("ngsild_change_journal_position");
        for (String consumer : List.of("temporal", "subscriptions", "test-probe")) {
            assertThat(metrics).contains("ngsild_change_consumer_position{consumer=\"" + consumer + "\"")
                    .contains("ngsild_change_consumer_backlog{consumer=\"" + consumer + "\"")
                    .contains("ngsild_change_consumer_oldest_age_seconds{consumer=\"" + consumer + "\"");
        }
    }

    private List<Map<String, Object>> letters() {
        return given().when().get(DEAD_LETTERS).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private Map<String, Object> awaitLetter(String entityId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> l : letters()) {
                if (entityId.equals(l.get("entityId"))) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no dead letter for " + entityId);
    }
}
