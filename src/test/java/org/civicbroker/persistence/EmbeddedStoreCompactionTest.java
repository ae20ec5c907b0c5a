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
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: the H2 file shrinks back towards the live data once most of it is deleted. */
class EmbeddedStoreCompactionTest {

    @TempDir
    Path dir;

    @Test
    void compactionShrinksAFileThatIsMostlyDeadData() {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString(), new EmbeddedStore.Options(16, false, Duration.ZERO));
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("bulk");
            String filler = "x".repeat(1000);
            for (int round = 0; round < 20; round++) {
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    docs.add(new Document("_id", round * 1000 + i).append("filler", filler));
                }
                c.insertMany(docs);
                store.commit();
            }
            c.deleteMany(Filters.gte("_id", 1000));
            store.commit();
            long before = store.fileSize();
            assertThat(store.liveDataPercent()).isLessThan(EmbeddedStore.COMPACT_BELOW_PERCENT);

            long freed = store.compact(30_000);

            assertThat(freed).isPositive();
            assertThat(store.fileSize()).as("file size after compaction (before: %d)", before).isLessThan(before / 2);
            assertThat(c.countDocuments()).isEqualTo(1000);
            assertThat(c.find(Filters.eq("_id", 999)).first().getString("filler")).isEqualTo(filler);
        }
    }
}
