package org.civicbroker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.MongoWriteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: the H2 file shrinks back towards the live data once most of it is deleted. */
class EmbeddedStoreCompactionTest {

    @TempDir
    Path dir;

    private static final String FILLER = "x".repeat(1000);
    /** Neither compaction: the file keeps its dead data until a test compacts it. */
    private static final EmbeddedStore.Options NO_COMPACTION = new EmbeddedStore.Options(16, false, Duration.ZERO, 0);
    private static final EmbeddedStore.Options AT_START = new EmbeddedStore.Options(16, true, Duration.ZERO, 50);

    /** 20,000 documents of 1 KB committed in 20 chunks, then all but the first 1,000 deleted. */
    private static void fillAndDeleteMost(EmbeddedStore store, MongoCollection<Document> c) {
        for (int round = 0; round < 20; round++) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                docs.add(new Document("_id", round * 1000 + i).append("filler", FILLER));
            }
            c.insertMany(docs);
            store.commit();
        }
        c.deleteMany(Filters.gte("_id", 1000));
        store.commit();
    }

    private static void assertTheLiveDataIsIntact(MongoCollection<Document> c) {
        assertThat(c.countDocuments()).isEqualTo(1000);
        assertThat(c.find(Filters.eq("_id", 999)).first().getString("filler")).isEqualTo(FILLER);
        assertThat(c.find(Filters.eq("_id", 1000)).first()).isNull();
        // the unique _id index came through: a duplicate is refused, a new key is accepted
        assertThatThrownBy(() -> c.insertOne(new Document("_id", 5).append("filler", "again")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        c.insertOne(new Document("_id", 1000).append("filler", "new"));
        assertThat(c.countDocuments()).isEqualTo(1001);
    }

    @Test
    void theOnlineCompactionFreesTheSpaceOfDeadData() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), new EmbeddedStore.Options(16, false, Duration.ZERO));
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("bulk");
            fillAndDeleteMost(store, c);
            long before = store.fileSize();
            assertThat(store.liveDataPercent()).isLessThan(EmbeddedStore.COMPACT_BELOW_PERCENT);
            // H2 rewrites and frees only chunks older than its retention time (45 s): these are seconds old
            store.h2Store().setRetentionTime(0);

            OnlineCompaction.Run run = store.compactOnline().get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(run.steps()).isPositive();
            // freed for later commits to reuse; truncating the file is the start-up compaction's work (below)
            assertThat(store.h2Store().getFileStore().getFillRate()).as("share of the file in use").isLessThan(50);
            assertThat(store.fileSize()).isLessThanOrEqualTo(before);
            assertTheLiveDataIsIntact(c);
        }
    }

    @Test
    void aSparseFileIsCompactedIntoANewFileAtStartUp() throws Exception {
        long before;
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            fillAndDeleteMost(store, client.getDatabase("ngsild").getCollection("bulk"));
            assertThat(store.liveDataPercent()).isLessThan(50);
            before = store.fileSize();
        }
        assertThat(Files.size(dir.resolve(EmbeddedStore.FILE_NAME))).isGreaterThanOrEqualTo(before);

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), AT_START);
                MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(store.startCompaction()).isNotNull();
            assertThat(store.startCompaction().livePercentBefore()).isLessThan(50);
            assertThat(store.fileSize()).as("file size after the start-up compaction (before: %d)", before).isLessThan(before / 2);
            assertThat(store.repairReport()).as("closed cleanly before, so no index check").isNull();
            assertTheLiveDataIsIntact(client.getDatabase("ngsild").getCollection("bulk"));
        }
        assertThat(dir.resolve(EmbeddedStore.FILE_NAME + OfflineCompaction.TEMP_SUFFIX)).doesNotExist();

        // the compacted file is dense: the next start leaves it alone
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), AT_START)) {
            assertThat(store.startCompaction()).isNull();
        }
    }

    @Test
    void aStoreKilledBeforehandIsCompactedToItsLastCommitAndItsIndexesChecked() {
        EmbeddedStore killed = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
        try (MongoClient client = MongoClients.create(killed.connectionString())) {
            fillAndDeleteMost(killed, client.getDatabase("ngsild").getCollection("bulk"));
        }
        killed.halt();

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), AT_START);
                MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(store.startCompaction()).isNotNull();
            assertThat(store.repairReport()).as("not closed cleanly: the indexes are checked").isNotNull();
            assertThat(store.repairReport().rebuilt()).isEmpty();
            assertTheLiveDataIsIntact(client.getDatabase("ngsild").getCollection("bulk"));
        }
    }

    @Test
    void aCompactionAKillInterruptedLeavesTheOldFileInUse() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            fillAndDeleteMost(store, client.getDatabase("ngsild").getCollection("bulk"));
        }
        // what a kill during the copy leaves: the old file, and a half-written new one beside it
        Path temp = dir.resolve(EmbeddedStore.FILE_NAME + OfflineCompaction.TEMP_SUFFIX);
        Files.write(temp, new byte[100_000]);

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(temp).doesNotExist();
            assertTheLiveDataIsIntact(client.getDatabase("ngsild").getCollection("bulk"));
        }
    }
}
