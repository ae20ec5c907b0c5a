package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.events.ChangeConsumer.Entry;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.temporal.TemporalWriter.Placed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk temporal write against an embedded store: a batch of changes composes as if written one by
 * one; redelivery changes nothing; a temporal-API write that lands between the recorder's read and its
 * writes (of the record, the bucket, or the summary) is neither lost nor left out of the summary.
 */
class TemporalWriterTest {

    private static final String ID = "urn:ngsi-ld:Sensor:1";
    private static final String LEVEL = "https://ex.org/level";
    private static final String STATUS = "https://ex.org/status";
    private static final String API_ATTR = "https://ex.org/manual";
    private static final String DAY = "2026-03-01";
    private static final String LEVEL_BUCKET = BucketKeys.bucket(BucketKeys.series(ID, LEVEL, null), LocalDate.parse(DAY));

    private final TemporalStoreFixture store = new TemporalStoreFixture();

    @AfterEach
    void close() {
        store.close();
    }

    private static Instant at(String hhmm) {
        return Instant.parse(DAY + "T" + hhmm + ":00Z");
    }

    private static Attribute value(double v, String observed) {
        return new Attribute(AttributeType.PROPERTY, DoubleNode.valueOf(v), null, at(observed), null, null,
                at(observed), at(observed), Map.of());
    }

    private static Entity entity(Map<String, List<Attribute>> attrs) {
        return new Entity(ID, List.of("https://ex.org/Sensor"), List.of(), at("10:00"), at("10:00"), attrs);
    }

    /** Create, two updates (the second drops STATUS), delete: all of one entity, all in one bucket per line. */
    private static List<Entry> lifeOfOneEntity(String tenant) {
        Entity created = entity(Map.of(LEVEL, List.of(value(1, "10:00"))));
        Entity updated = entity(Map.of(LEVEL, List.of(value(2, "11:00")), STATUS, List.of(value(7, "11:00"))));
        Entity again = entity(Map.of(LEVEL, List.of(value(3, "11:30"))));
        return List.of(
                new Entry(101, new EntityChange(tenant, Operation.CREATE, ID, null, created, at("10:00"))),
                new Entry(102, new EntityChange(tenant, Operation.UPDATE, ID, created, updated, at("11:00"))),
                new Entry(103, new EntityChange(tenant, Operation.UPDATE, ID, updated, again, at("11:30"))),
                new Entry(104, new EntityChange(tenant, Operation.DELETE, ID, again, null, at("12:00"))));
    }

    private void record(MongoDatabase db, List<Entry> entries) {
        TemporalWriter.write(db, TemporalRecorder.plan(entries)).await().indefinitely();
    }

    /** Every stored temporal document of a database, without the version and write-token fields. */
    private Map<String, List<Document>> content(String db) {
        Map<String, List<Document>> out = new LinkedHashMap<>();
        for (String c : List.of(TemporalStore.ENTITIES, TemporalStore.BUCKETS, TemporalStore.SUMMARIES)) {
            List<Document> docs = new ArrayList<>();
            store.all(db, c).forEach(d -> {
                d.remove(TemporalStore.VERSION);
                d.remove(VersionedWrites.TOKEN);
                docs.add(d);
            });
            out.put(c, docs);
        }
        return out;
    }

    private Document summary(String db, String id) {
        return store.all(db, TemporalStore.SUMMARIES).stream().filter(d -> d.getString("_id").equals(id)).findFirst().orElseThrow();
    }

    private List<TemporalInstance> points(String db, String id) {
        return store.all(db, TemporalStore.BUCKETS).stream().filter(d -> d.getString("_id").equals(id))
                .findFirst().map(BucketCodec::instances).orElse(List.of());
    }

    @Test
    void severalChangesOfOneEntityAndBucketInOneBatchComposeAsWrittenOneByOne() {
        record(store.db("batch"), lifeOfOneEntity("batch"));
        MongoDatabase single = store.db("single");
        lifeOfOneEntity("single").forEach(e -> record(single, List.of(e)));

        assertThat(content("batch")).isEqualTo(content("single"));
        assertThat(points("batch", LEVEL_BUCKET)).extracting(i -> i.attribute().value().asText())
                .containsExactly("1.0", "2.0", "3.0", "urn:ngsi-ld:null");
        Map<Integer, Stats> hours = BucketCodec.hours(summary("batch", LEVEL_BUCKET));
        assertThat(hours.keySet()).containsExactly(10, 11);
        assertThat(hours.get(11).count()).isEqualTo(2);
        assertThat(hours.get(11).sum()).isEqualTo(5.0);
        TemporalRecord r = TemporalRecord.fromDocument(store.all("batch", TemporalStore.ENTITIES).get(0));
        assertThat(r.deletedAt()).isEqualTo(at("12:00"));
        assertThat(r.state().attributes()).containsOnlyKeys(LEVEL);
        assertThat(r.series().values()).extracting(Series::attribute).containsExactlyInAnyOrder(LEVEL, STATUS);
    }

    @Test
    void redeliveringABatchChangesNothing() {
        MongoDatabase db = store.db("t");
        record(db, lifeOfOneEntity("t"));
        List<Document> records = store.all("t", TemporalStore.ENTITIES);
        List<Document> buckets = store.all("t", TemporalStore.BUCKETS);
        Map<String, List<Document>> before = content("t");

        record(db, lifeOfOneEntity("t"));
        record(db, lifeOfOneEntity("t"));

        assertThat(content("t")).isEqualTo(before);
        // not even rewritten: same versions and write tokens
        assertThat(store.all("t", TemporalStore.ENTITIES)).isEqualTo(records);
        assertThat(store.all("t", TemporalStore.BUCKETS)).isEqualTo(buckets);
    }

    /** What the temporal API does for POST /temporal/entities/{id}/attrs with one instance (see TemporalService.append). */
    private static TemporalBatch apiAppend(String attr, double v, String observed) {
        TemporalBatch api = new TemporalBatch();
        api.place(ID, List.of(new Placed(attr, new TemporalInstance("urn:ngsi-ld:instance:api-" + v, value(v, observed), null))),
                r -> r);
        return api;
    }

    @Test
    void anApiWriteBetweenTheRecordersReadAndItsRecordWriteIsKept() {
        MongoDatabase db = store.db("t");
        List<Entry> life = lifeOfOneEntity("t");
        record(db, life.subList(0, 1));
        // the API adds another attribute's history (a new series in the record) while the recorder works
        store.beforeNextBulkWrite(TemporalStore.ENTITIES,
                () -> TemporalWriter.write(db, apiAppend(API_ATTR, 42, "09:00")).await().indefinitely());
        record(store.interleaved(db), life.subList(1, 3));

        assertThat(store.failures()).isEmpty();
        TemporalRecord r = TemporalRecord.fromDocument(store.all("t", TemporalStore.ENTITIES).get(0));
        assertThat(r.series().values()).extracting(Series::attribute).containsExactlyInAnyOrder(LEVEL, STATUS, API_ATTR);
        assertThat(r.state().attributes()).containsOnlyKeys(LEVEL);  // the state of the last change
        assertThat(points("t", LEVEL_BUCKET)).hasSize(3);
    }

    @Test
    void anApiWriteBetweenTheRecordersReadAndItsBucketWriteIsKept() {
        MongoDatabase db = store.db("t");
        List<Entry> life = lifeOfOneEntity("t");
        record(db, life.subList(0, 1));
        store.beforeNextBulkWrite(TemporalStore.BUCKETS,
                () -> TemporalWriter.write(db, apiAppend(LEVEL, 40, "10:30")).await().indefinitely());
        record(store.interleaved(db), life.subList(1, 3));

        assertThat(store.failures()).isEmpty();
        assertThat(points("t", LEVEL_BUCKET)).extracting(i -> i.attribute().value().doubleValue())
                .containsExactly(1.0, 40.0, 2.0, 3.0);
        Map<Integer, Stats> hours = BucketCodec.hours(summary("t", LEVEL_BUCKET));
        assertThat(hours.get(10).sum()).isEqualTo(41.0);
        assertThat(hours.get(11).sum()).isEqualTo(5.0);
    }

    @Test
    void aSummaryWrittenFromAnOlderBucketIsRecomputed() {
        MongoDatabase db = store.db("t");
        List<Entry> life = lifeOfOneEntity("t");
        record(db, life.subList(0, 1));
        // the API changes the bucket and writes its summary after the recorder wrote the bucket but before
        // it writes the summary it computed: the recorder's summary would leave the API's instance out
        store.beforeNextBulkWrite(TemporalStore.SUMMARIES,
                () -> TemporalWriter.write(db, apiAppend(LEVEL, 40, "10:30")).await().indefinitely());
        record(store.interleaved(db), life.subList(1, 3));

        assertThat(store.failures()).isEmpty();
        assertThat(points("t", LEVEL_BUCKET)).hasSize(4);
        Map<Integer, Stats> hours = BucketCodec.hours(summary("t", LEVEL_BUCKET));
        assertThat(hours.get(10).count()).isEqualTo(2);
        assertThat(hours.get(10).sum()).isEqualTo(41.0);
    }

    @Test
    void anInstanceDeletedByTheApiMeanwhileStaysDeleted() {
        MongoDatabase db = store.db("t");
        List<Entry> life = lifeOfOneEntity("t");
        record(db, life.subList(0, 1));
        String first = points("t", LEVEL_BUCKET).get(0).instanceId();
        TemporalBatch delete = new TemporalBatch();
        delete.bucket(BucketKeys.series(ID, LEVEL, null), LocalDate.parse(DAY),
                points -> points.stream().filter(p -> !p.instanceId().equals(first)).toList());
        store.beforeNextBulkWrite(TemporalStore.BUCKETS, () -> TemporalWriter.write(db, delete).await().indefinitely());
        record(store.interleaved(db), life.subList(1, 2));

        assertThat(store.failures()).isEmpty();
        assertThat(points("t", LEVEL_BUCKET)).extracting(TemporalInstance::instanceId).doesNotContain(first).hasSize(1);
        assertThat(BucketCodec.hours(summary("t", LEVEL_BUCKET)).keySet()).containsExactly(11);
    }

    @Test
    void reportsWhichRecordsItCreated() {
        MongoDatabase db = store.db("t");
        assertThat(TemporalWriter.write(db, apiAppend(LEVEL, 1, "10:00")).await().indefinitely()).isEmpty();
        TemporalBatch create = new TemporalBatch();
        create.place(ID, List.of(), old -> old != null ? old : new TemporalRecord(entity(Map.of()), null, Map.of()));
        Set<String> created = TemporalWriter.write(db, create).await().indefinitely();
        assertThat(created).containsExactly(ID);
        assertThat(TemporalWriter.write(db, create).await().indefinitely()).isEmpty();
    }
}
