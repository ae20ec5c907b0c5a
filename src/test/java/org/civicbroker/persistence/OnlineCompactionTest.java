package org.civicbroker.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: the online compaction works in short steps, and every command can run between them. */
class OnlineCompactionTest {

    @TempDir
    Path dir;

    private static final String FILLER = "x".repeat(1000);
    /** No scheduled or start-up compaction: each test runs its own. */
    private static final EmbeddedStore.Options NO_COMPACTION = new EmbeddedStore.Options(16, false, Duration.ZERO, 0);
    private static final int SMALL_STEP = 64 << 10;

    /**
     * 100 commits of 30 documents of 1 KB kept and 60 in a collection then dropped: every chunk a third
     * live, the live pages untouched since (about 18 MB of file, 3 MB live).
     */
    private static void fillAndDropTwoThirds(EmbeddedStore store, MongoClient client) {
        MongoCollection<Document> kept = client.getDatabase("ngsild").getCollection("bulk");
        MongoCollection<Document> gone = client.getDatabase("ngsild").getCollection("gone");
        for (int round = 0; round < 100; round++) {
            List<Document> docs = new ArrayList<>();
            List<Document> dropped = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                docs.add(new Document("_id", round * 30 + i).append("filler", FILLER));
                dropped.add(new Document("_id", round * 60 + 2 * i).append("filler", FILLER));
                dropped.add(new Document("_id", round * 60 + 2 * i + 1).append("filler", FILLER));
            }
            kept.insertMany(docs);
            gone.insertMany(dropped);
            store.commit();
        }
        gone.drop();
        store.commit();
        // H2 rewrites and frees only chunks older than its retention time (45 s): these are seconds old
        store.h2Store().setRetentionTime(0);
    }

    private static long inUse(EmbeddedStore store) {
        return store.fileSize() * store.h2Store().getFileStore().getFillRate() / 100;
    }

    @Test
    void aRunTakesSeveralShortStepsAndWritesRunBetweenThem() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("bulk");
            fillAndDropTwoThirds(store, client);
            assertThat(store.liveDataPercent()).isLessThan(EmbeddedStore.COMPACT_BELOW_PERCENT);
            int chunksFillBefore = store.h2Store().getFileStore().getChunksFillRate();
            long inUseBefore = inUse(store);

            OnlineCompaction compaction = store.onlineCompaction(SMALL_STEP, 60_000, 60_000);
            // a write between two steps: it needs the commit barrier, so it would never finish (and the run never
            // end) if a step kept it
            AtomicInteger between = new AtomicInteger();
            compaction.betweenSteps(() -> c.insertOne(new Document("_id", "between-" + between.incrementAndGet())));
            OnlineCompaction.Run run = compaction.run().get(120, TimeUnit.SECONDS);

            assertThat(run.steps()).as("3 MB live in sparse chunks, from 64 KB a step (doubling while fast)").isGreaterThan(2);
            assertThat(between.get()).isGreaterThanOrEqualTo(run.steps() - 1);
            assertThat(run.overBudget()).isFalse();
            // the live pages of sparse chunks were rewritten into new full ones and the old chunks freed
            assertThat(store.h2Store().getFileStore().getChunksFillRate()).as("chunks' fill rate (before: %d%%)", chunksFillBefore)
                    .isGreaterThan(chunksFillBefore + 20);
            // freed for reuse (and, when its tail is free, truncated by H2: that depends on where chunks went)
            assertThat(inUse(store)).as("bytes of the file in use (before: %d)", inUseBefore).isLessThan(inUseBefore / 2);
            assertThat(c.countDocuments(Filters.regex("_id", "^between-"))).isEqualTo(between.get());
            assertThat(c.countDocuments(Filters.type("_id", "int"))).isEqualTo(3_000);
            assertThat(c.find(Filters.eq("_id", 2_999)).first().getString("filler")).isEqualTo(FILLER);
        }
    }

    @Test
    void aStepOverItsBudgetEndsTheRunAndTheNextRunsAreSkipped() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            fillAndDropTwoThirds(store, client);
            // a budget of 0 ms: every step that does anything is over it
            OnlineCompaction compaction = store.onlineCompaction(SMALL_STEP, 0, 60_000);

            OnlineCompaction.Run slow = compaction.run().get(60, TimeUnit.SECONDS);
            assertThat(slow.steps()).as("the run ends after its first step").isLessThanOrEqualTo(1);
            assertThat(slow.overBudget()).isTrue();
            assertThat(compaction.runsToSkip()).isEqualTo(1);
            assertThat(compaction.run().get(60, TimeUnit.SECONDS).steps()).as("skipped").isZero();

            OnlineCompaction.Run again = compaction.run().get(60, TimeUnit.SECONDS);
            assertThat(again.overBudget()).isTrue();
            assertThat(compaction.runsToSkip()).as("twice as many after another slow run").isEqualTo(2);
        }
    }

    @Test
    void theStoreRunsItsOwnOnlineCompactionOnlyOnASparseFile() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), NO_COMPACTION);
                MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("ngsild").getCollection("small").insertOne(new Document("_id", 1).append("filler", FILLER));
            store.commit();
            assertThat(store.compactOnline().get(60, TimeUnit.SECONDS)).as("a small dense file").isSameAs(OnlineCompaction.Run.NONE);

            fillAndDropTwoThirds(store, client);
            OnlineCompaction.Run run = store.compactOnline().get(120, TimeUnit.SECONDS);
            assertThat(run.steps()).isPositive();
            assertThat(run.bytesBefore()).isGreaterThanOrEqualTo(EmbeddedStore.COMPACT_MIN_BYTES);
        }
    }
}
