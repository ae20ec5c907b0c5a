package org.civicbroker.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;

import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.junit.jupiter.api.Test;

/** The durable change journal: in-order, at-least-once delivery to consumers, cleanup, and replay after a restart. */
@QuarkusTest
class ChangeJournalApiTest {

    @Inject
    JournalProbe probe;
    @Inject
    ChangeJournal journal;
    @Inject
    StoreAccess store;

    private final String tenant = newTenant();

    /** Whether the journal still lists the probe as a consumer that has to see change {@code seq}. */
    private boolean pendingForProbe(long seq) {
        return Rx.uni(store.brokerDatabase().getCollection(ChangeJournal.COLLECTION)
                .countDocuments(Filters.and(Filters.eq("_id", seq), Filters.eq("pending", probe.name())))).await().indefinitely() > 0;
    }

    private void awaitHandled(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (pendingForProbe(seq) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pendingForProbe(seq)).as("journal entry %d still pending for the probe", seq).isFalse();
    }

    private List<String> writeThree() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = newId("Sensor");
            create(tenant, fixture("sensor.json", id));
            ids.add(id);
        }
        in(tenant).delete(path(ids.get(0))).then().statusCode(204);
        return ids;
    }

    @Test
    void consumersGetEveryChangeInOrderAndTheJournalForgetsWhatTheyHandled() throws Exception {
        List<String> ids = writeThree();
        List<ChangeConsumer.Entry> seen = probe.await(tenant, 4);
        assertThat(seen).extracting(e -> e.change().entityId()).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(0));
        assertThat(seen).extracting(e -> e.change().operation())
                .containsExactly(Operation.CREATE, Operation.CREATE, Operation.CREATE, Operation.DELETE);
        assertThat(seen).extracting(ChangeConsumer.Entry::seq).isSorted().doesNotHaveDuplicates();
        // once the probe has handled a change, a restart would not hand it to the probe again
        // (the entry is deleted when the other consumers, temporal and subscriptions, are done too)
        for (ChangeConsumer.Entry e : seen) {
            awaitHandled(e.seq());
        }
    }

    @Test
    void aFailingConsumerIsRetriedWithNothingLostOrReordered() throws Exception {
        probe.failNext(tenant, 2);
        List<String> ids = writeThree();
        List<ChangeConsumer.Entry> seen = probe.await(tenant, 4);
        assertThat(seen).extracting(e -> e.change().entityId()).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(0));
        assertThat(seen).extracting(ChangeConsumer.Entry::seq).isSorted();
    }

    @Test
    void changesStillPendingAtStartUpAreReplayedWithTheirEntityState() throws Exception {
        // what a broker that stopped before its consumers caught up leaves in the journal
        String id = newId("Sensor");
        create(tenant, fixture("sensor.json", id));
        ChangeConsumer.Entry live = probe.await(tenant, 1).get(0);
        long seq = live.seq() + 1_000_000;
        Document pending = journal.toDocument(new ChangeConsumer.Entry(seq,
                new EntityChange(tenant, Operation.UPDATE, id, live.change().after(), live.change().after(), Instant.parse("2026-01-02T03:04:05Z"))))
                .append("pending", List.of(probe.name()));
        Rx.uni(store.brokerDatabase().getCollection(ChangeJournal.COLLECTION).insertOne(pending)).await().indefinitely();

        assertThat(journal.replayPending(Filters.eq("_id", seq)).await().indefinitely()).isEqualTo(1);

        List<ChangeConsumer.Entry> seen = probe.await(tenant, 2);
        ChangeConsumer.Entry replayed = seen.get(1);
        assertThat(replayed.seq()).isEqualTo(seq);
        assertThat(replayed.change().operation()).isEqualTo(Operation.UPDATE);
        assertThat(replayed.change().at()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(replayed.change().after().id()).isEqualTo(id);
        assertThat(replayed.change().after().attributes()).isEqualTo(live.change().after().attributes());
        awaitHandled(seq);
        // the probe was the only consumer named in it, so the entry itself is gone
        assertThat(Rx.uni(store.brokerDatabase().getCollection(ChangeJournal.COLLECTION)
                .countDocuments(Filters.eq("_id", seq))).await().indefinitely()).isZero();
    }

    /**
     * A replay reads the journal a page at a time (a backlog of 72,512 changes went over the driver's largest
     * reply in one query and the broker failed to start) and only the entries' sequence numbers: the queue
     * loads the entries as it drains, since a backlog held decoded in memory slowed a 1 GB heap to a crawl.
     * A replay longer than a page and than the changes a queue holds in memory still hands every change over
     * once, in sequence order, whatever order the store returns them in.
     */
    @Test
    void aReplayLongerThanAPageAndTheMemoryBoundComesInSequenceOrderExactlyOnce() throws Exception {
        String id = newId("Sensor");
        create(tenant, fixture("sensor.json", id));
        ChangeConsumer.Entry live = probe.await(tenant, 1).get(0);
        long base = live.seq() + 2_000_000;
        int n = Math.max(2 * ChangeJournal.REPLAY_PAGE, ConsumerQueue.HELD) + 500;
        List<Document> docs = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {  // stored in reverse order
            docs.add(journal.toDocument(new ChangeConsumer.Entry(base + i, new EntityChange(tenant, Operation.UPDATE, id,
                    live.change().after(), live.change().after(), Instant.parse("2026-01-02T03:04:05Z")))).append("pending", List.of(probe.name())));
        }
        Rx.uni(store.brokerDatabase().getCollection(ChangeJournal.COLLECTION).insertMany(docs)).await().indefinitely();

        assertThat(journal.replayPending(Filters.and(Filters.gte("_id", base), Filters.lt("_id", base + n))).await().indefinitely())
                .isEqualTo(n);

        List<ChangeConsumer.Entry> seen = probe.await(tenant, n + 1);
        assertThat(seen).hasSize(n + 1);
        assertThat(seen.subList(1, n + 1)).extracting(ChangeConsumer.Entry::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(base, base + n).boxed().toList());
        assertThat(seen.get(n).change().after().id()).as("loaded with its entity state").isEqualTo(id);
        awaitHandled(base + n - 1);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("ngsild_change_consumer_held\\{consumer=\"test-probe\"[^}]*} [0-9]");
    }
}
