package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.temporal.TemporalSupport.as;
import static org.civicbroker.temporal.TemporalSupport.fixture;
import static org.civicbroker.temporal.TemporalSupport.newId;
import static org.civicbroker.temporal.TemporalSupport.newTenant;
import static org.civicbroker.temporal.TemporalSupport.url;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import com.fasterxml.jackson.databind.node.DoubleNode;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;

/**
 * Recording (issue 6): entity writes through the normal API become history; a change handed twice
 * to the recorder (at-least-once delivery) is recorded once.
 */
@QuarkusTest
class TemporalRecordingApiTest {

    @Inject
    TemporalRecorder recorder;

    @Inject
    org.civicbroker.events.ChangeJournal journal;

    private final String tenant = newTenant();
    private final String id = newId("RiverLevel");

    /** Waits for the asynchronous recorder (it runs after the write was acknowledged). */
    private JsonPath awaitHistory(String attrPath, int instances, String... params) throws InterruptedException {
        JsonPath last = null;
        for (int i = 0; i < 600; i++) {  // up to 60 s: the recorder may still be working through earlier test classes
            var req = as(tenant);
            for (int p = 0; p < params.length; p += 2) {
                req = req.queryParam(params[p], params[p + 1]);
            }
            var r = req.get(url(id));
            if (r.statusCode() == 200) {
                last = r.jsonPath();
                List<Object> list = last.getList(attrPath);
                if (list != null && list.size() == instances) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("history not recorded: " + (last == null ? "none" : last.prettify()));
    }

    @Test
    void createUpdateDeleteBecomeHistory() throws InterruptedException {
        as(tenant).body(fixture("live-entity.json", id)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        as(tenant).body(fixture("live-update.json", id)).patch("/ngsi-ld/v1/entities/" + id + "/attrs").then().statusCode(204);
        as(tenant).delete("/ngsi-ld/v1/entities/" + id + "/attrs/height").then().statusCode(204);
        JsonPath body = awaitHistory("height", 3, "options", "sysAttrs");
        assertThat(body.getList("height.value")).containsExactly(1.2f, 1.8f, "urn:ngsi-ld:null");
        assertThat(body.getString("height[2].deletedAt")).isNotNull();
        assertThat(body.getList("gauge.value")).containsExactly("A");
        JsonPath values = as(tenant).queryParam("options", "temporalValues").queryParam("attrs", "height")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        // the simplified representation lists the same instances, the deletion with its NGSI-LD Null (clause 4.5.9)
        List<List<Object>> pairs = values.getList("height.values");
        assertThat(pairs).hasSize(3).startsWith(List.of(1.2f, "2026-03-01T10:00:00Z"), List.of(1.8f, "2026-03-01T11:00:00Z"));
        assertThat(pairs.get(2).get(0)).isEqualTo("urn:ngsi-ld:null");
        JsonPath deleted = as(tenant).queryParam("timeproperty", "deletedAt").queryParam("timerel", "after")
                .queryParam("timeAt", "2000-01-01T00:00:00Z").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(deleted.getList("height.value")).containsExactly("urn:ngsi-ld:null");

        as(tenant).delete("/ngsi-ld/v1/entities/" + id).then().statusCode(204);
        JsonPath gone = awaitHistory("gauge", 2, "options", "sysAttrs");
        assertThat(gone.getString("deletedAt")).isNotNull();
        assertThat(gone.getString("gauge[1].deletedAt")).isNotNull();
    }

    /** Waits until the recorder has handled every change queued for it. */
    private void awaitRecorder() throws InterruptedException {
        for (int i = 0; i < 600 && journal.backlog().getOrDefault(TemporalRecorder.NAME, 0) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(journal.backlog().get(TemporalRecorder.NAME)).as("recorder backlog").isZero();
    }

    /**
     * DELETE /temporal/entities/{id} right after the entity's deletion (as a client cleaning up does) removes
     * the history for good: the recorder, still writing the deletions of a batch when the request came, must
     * not write this entity's deletion afterwards into a history of deletion instances only (the ETSI suite's
     * temporal queries then listed such leftovers).
     */
    @Test
    void theHistoryDeletedRightAfterTheEntityStaysDeleted() throws InterruptedException {
        StringBuilder batch = new StringBuilder("[");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String e = newId("RiverLevel");
            ids.add(e);
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"").append(e)
                    .append("\",\"type\":\"RiverLevel\",\"height\":{\"type\":\"Property\",\"value\":1.5}}");
        }
        as(tenant).body(batch.append("]").toString()).post("/ngsi-ld/v1/entityOperations/create").then().statusCode(201);
        awaitRecorder();
        String last = ids.get(ids.size() - 1);
        as(tenant).get(url(last)).then().statusCode(200);

        as(tenant).body(ids).post("/ngsi-ld/v1/entityOperations/delete").then().statusCode(204);
        as(tenant).delete(url(last)).then().statusCode(204);
        awaitRecorder();
        as(tenant).get(url(last)).then().statusCode(404);
        as(tenant).get(url(ids.get(0))).then().statusCode(200);  // the others keep their history, deletion included
    }

    @Test
    void aRedeliveredChangeIsRecordedOnce() throws InterruptedException {
        as(tenant).body(fixture("live-entity.json", id)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        awaitHistory("height", 1);
        String type = "https://uri.etsi.org/ngsi-ld/default-context/RiverLevel";
        String height = "https://uri.etsi.org/ngsi-ld/default-context/height";
        Instant at = Instant.parse("2026-03-02T00:00:00Z");
        Attribute value = new Attribute(AttributeType.PROPERTY, DoubleNode.valueOf(9.5), null, at, null, null, at, at, Map.of());
        Entity before = new Entity(id, List.of(type), List.of(), at, at, Map.of());
        Entity after = before.withAttributes(Map.of(height, List.of(value)));
        // a change replayed (as after a crash before it was marked done): once alone, then twice in one batch
        ChangeConsumer.Entry entry = new ChangeConsumer.Entry(Long.MAX_VALUE - 7,
                new EntityChange(tenant, EntityChange.Operation.UPDATE, id, before, after, at));
        recorder.accept(List.of(entry)).await().indefinitely();
        recorder.accept(List.of(entry, entry)).await().indefinitely();
        JsonPath body = as(tenant).queryParam("attrs", "height").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("height.value")).containsExactly(1.2f, 9.5f);
        assertThat(body.getList("height.instanceId", String.class)).doesNotHaveDuplicates();
    }

    @Test
    void oneBatchWithSeveralChangesOfOneEntityAndSeveralTenants() {
        String other = newTenant();
        String type = "https://uri.etsi.org/ngsi-ld/default-context/RiverLevel";
        String height = "https://uri.etsi.org/ngsi-ld/default-context/height";
        Entity[] states = new Entity[4];
        double[] values = {1.0, 2.0, 3.0, 5.0};
        String[] times = {"10:00", "10:30", "11:00", "10:00"};
        for (int i = 0; i < 4; i++) {
            Instant t = Instant.parse("2026-03-05T" + times[i] + ":00Z");
            Attribute a = new Attribute(AttributeType.PROPERTY, DoubleNode.valueOf(values[i]), null, t, null, null, t, t, Map.of());
            states[i] = new Entity(id, List.of(type), List.of(), t, t, Map.of(height, List.of(a)));
        }
        Instant at = Instant.parse("2026-03-05T11:00:00Z");
        long seq = Long.MAX_VALUE - 100;
        // one journal batch: three changes of one entity (one day bucket) with another tenant's change in between
        recorder.accept(List.of(
                new ChangeConsumer.Entry(seq, new EntityChange(tenant, EntityChange.Operation.CREATE, id, null, states[0], at)),
                new ChangeConsumer.Entry(seq + 1, new EntityChange(other, EntityChange.Operation.CREATE, id, null, states[3], at)),
                new ChangeConsumer.Entry(seq + 2, new EntityChange(tenant, EntityChange.Operation.UPDATE, id, states[0], states[1], at)),
                new ChangeConsumer.Entry(seq + 3, new EntityChange(tenant, EntityChange.Operation.UPDATE, id, states[1], states[2], at))))
                .await().indefinitely();

        JsonPath mine = as(tenant).queryParam("attrs", "height").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("height.value")).containsExactly(1.0f, 2.0f, 3.0f);
        JsonPath theirs = as(other).queryParam("attrs", "height").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(theirs.getList("height.value")).containsExactly(5.0f);
        // the hourly summaries (which aggregations by observedAt read) hold all three changes
        JsonPath hourly = as(tenant).queryParam("attrs", "height").queryParam("options", "aggregatedValues")
                .queryParam("aggrMethods", "sum,totalCount").queryParam("aggrPeriodDuration", "PT1H")
                .queryParam("timerel", "between").queryParam("timeAt", "2026-03-05T10:00:00Z")
                .queryParam("endTimeAt", "2026-03-05T12:00:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(hourly.getList("height.sum.collect { it[0] }")).containsExactly(3.0f, 3.0f);
        assertThat(hourly.getList("height.totalCount.collect { it[0] }")).containsExactly(2, 1);
    }
}
