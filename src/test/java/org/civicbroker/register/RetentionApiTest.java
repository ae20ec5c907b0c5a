package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.register.RegisterSupport.REGISTER;
import static org.civicbroker.register.RegisterSupport.as;
import static org.civicbroker.register.RegisterSupport.fixture;
import static org.civicbroker.register.RegisterSupport.newId;
import static org.civicbroker.register.RegisterSupport.newTenant;
import static org.civicbroker.register.RegisterSupport.putEntry;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civicbroker.notification.Receiver;
import org.civicbroker.register.RegisterSupport.FixedClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention and disposal (issue 17): a fake clock moves time; entities not updated within the type's
 * current-state retention and history instances older than its history retention go exactly at the
 * cutoff, through the deletion path (subscriptions are notified), and each run writes disposal records.
 */
@QuarkusTest
class RetentionApiTest {

    private final String tenant = newTenant();
    private FixedClock clock;

    @BeforeEach
    void fakeClock() {
        clock = new FixedClock(Instant.now());
        QuarkusMock.installMockForType(clock, RegisterClock.class);
    }

    private JsonPath run() {
        return as(tenant).post(REGISTER + "/disposals/run").then().statusCode(200).extract().jsonPath();
    }

    private static long count(JsonPath records, String rule) {
        List<Integer> counts = records.getList("findAll { it.rule == '" + rule + "' }.count");
        assertThat(counts).hasSize(1);
        return counts.get(0);
    }

    private Instant modifiedAt(String id) {
        return Instant.parse(as(tenant).queryParam("options", "sysAttrs").get("/ngsi-ld/v1/entities/" + id)
                .then().statusCode(200).extract().jsonPath().getString("modifiedAt"));
    }

    @Test
    void entitiesNotUpdatedWithinTheirRetentionAreDeletedAtTheCutoffAndSubscribersAreNotified() throws Exception {
        // currentState P30D only: the history rule is the other test's
        as(tenant).body(fixture("air-quality.json").replace(", \"history\": \"P7D\"", ""))
                .put(REGISTER + "/datasets/AirQualityReading").then().statusCode(201);
        try (Receiver receiver = new Receiver()) {
            as(tenant).body(fixture("subscription.json", newId("Subscription")).replace("{{uri}}", receiver.url()))
                    .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
            String old = newId("AirQualityReading");
            String fresh = newId("AirQualityReading");
            as(tenant).body(fixture("air-entity.json", old)).post("/ngsi-ld/v1/entities").then().statusCode(201);
            Instant oldAt = modifiedAt(old);
            while (!Instant.now().isAfter(oldAt.plusMillis(1))) {
                Thread.onSpinWait();  // the second entity must be modified strictly later than the first
            }
            as(tenant).body(fixture("air-entity.json", fresh)).post("/ngsi-ld/v1/entities").then().statusCode(201);
            assertThat(modifiedAt(fresh)).isAfter(oldAt);

            clock.set(oldAt.plus(Duration.ofDays(30)));  // cutoff == oldAt: not expired yet
            assertThat(count(run(), "currentState")).isZero();
            as(tenant).get("/ngsi-ld/v1/entities/" + old).then().statusCode(200);

            clock.set(oldAt.plus(Duration.ofDays(30)).plusMillis(1));
            JsonPath records = run();
            assertThat(count(records, "currentState")).isEqualTo(1);
            assertThat(records.getString("find { it.rule == 'currentState' }.cutoff")).isEqualTo(oldAt.plusMillis(1).toString());
            as(tenant).get("/ngsi-ld/v1/entities/" + old).then().statusCode(404);
            as(tenant).get("/ngsi-ld/v1/entities/" + fresh).then().statusCode(200);

            List<Receiver.Received> got = receiver.await(1);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).body().path("data").get(0).path("id").asText()).isEqualTo(old);
            assertThat(got.get(0).body().path("data").get(0).has("deletedAt")).isTrue();
        }
        // the register shows the runs' records, newest first
        JsonPath disposals = as(tenant).queryParam("type", "AirQualityReading").get(REGISTER + "/disposals")
                .then().statusCode(200).extract().jsonPath();
        assertThat(disposals.getList("rule")).containsExactly("currentState", "currentState");
        assertThat(disposals.getList("count")).containsExactly(1, 0);
        as(tenant).queryParam("limit", "0").get(REGISTER + "/disposals").then().statusCode(400);
    }

    @Test
    void historyInstancesOlderThanTheHistoryRetentionAreDeletedExactly() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);  // history P7D
        String id = newId("AirQualityReading");
        as(tenant).body(fixture("air-history.json", id)).post("/ngsi-ld/v1/temporal/entities").then().statusCode(201);
        Instant second = Instant.parse("2026-01-05T12:00:00Z");

        clock.set(second.plus(Duration.ofDays(7)));  // cutoff == the second instance: only the first goes
        assertThat(count(run(), "history")).isEqualTo(1);
        assertThat(observed(id)).containsExactly("2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z", "2026-01-09T00:00:00Z");

        clock.set(second.plus(Duration.ofDays(7)).plusMillis(1));  // the second goes, the same day's later one stays
        assertThat(count(run(), "history")).isEqualTo(1);
        assertThat(observed(id)).containsExactly("2026-01-05T18:00:00Z", "2026-01-09T00:00:00Z");

        clock.set(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(count(run(), "history")).isEqualTo(2);
        assertThat(as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id).then().extract().jsonPath().getList("NO2")).isNullOrEmpty();
        assertThat(count(run(), "history")).isZero();
    }

    @Test
    void aLongHistoryGoesInBoundedWritesAndTheRecordOfADeletedEntityGoesWithItsHistory() throws InterruptedException {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);  // history P7D
        // 100 days of one reading a day: more buckets than one write of a run takes (TemporalRetention.BUCKETS_PER_WRITE)
        String id = newId("AirQualityReading");
        StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"type\":\"AirQualityReading\",\"NO2\":[");
        Instant first = Instant.parse("2026-01-01T12:00:00Z");
        for (int day = 0; day < 100; day++) {
            body.append(day == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(day)
                    .append(",\"observedAt\":\"").append(first.plus(Duration.ofDays(day))).append("\"}");
        }
        as(tenant).body(body.append("]}").toString()).post("/ngsi-ld/v1/temporal/entities").then().statusCode(201);
        // an entity created and deleted now: its record holds deletedAt once the recorder has caught up
        String gone = newId("AirQualityReading");
        as(tenant).body(fixture("air-entity.json", gone)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        as(tenant).delete("/ngsi-ld/v1/entities/" + gone).then().statusCode(204);
        Instant deletedAt = awaitDeletedAt(gone);

        clock.set(Instant.parse("2026-03-02T00:00:00Z").plus(Duration.ofDays(7)));  // cutoff: the 61st day at 00:00
        assertThat(count(run(), "history")).isEqualTo(60);
        List<String> left = observed(id);
        assertThat(left).hasSize(40);
        assertThat(left.get(0)).isEqualTo("2026-03-02T12:00:00Z");
        as(tenant).get("/ngsi-ld/v1/temporal/entities/" + gone).then().statusCode(200);  // deleted after the cutoff: kept

        clock.set(deletedAt.plus(Duration.ofDays(7)).plusMillis(1));
        assertThat(count(run(), "history")).isGreaterThanOrEqualTo(40 + 2);  // the rest, and the other's instances
        assertThat(as(tenant).get("/ngsi-ld/v1/temporal/entities/" + gone).then().statusCode(404).extract().jsonPath()
                .getString("detail")).startsWith("No temporal entity");  // its record went with its history
        assertThat(as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id).then().statusCode(404).extract().jsonPath()
                .getString("detail")).contains("has no instance");  // not deleted: its record stays, without instances
        assertThat(count(run(), "history")).isZero();
    }

    /** Waits for the asynchronous recorder to record the deletion of {@code id}; its deletedAt. */
    private Instant awaitDeletedAt(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {  // up to 60 s: the recorder may still be working through earlier test classes
            var r = as(tenant).queryParam("options", "sysAttrs").get("/ngsi-ld/v1/temporal/entities/" + id);
            if (r.statusCode() == 200 && r.jsonPath().getString("deletedAt") != null) {
                return Instant.parse(r.jsonPath().getString("deletedAt"));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deletion of " + id + " not recorded");
    }

    private List<String> observed(String id) {
        JsonPath p = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id).then().statusCode(200).extract().jsonPath();
        return p.getList("NO2.observedAt");
    }
}
