package org.civicbroker.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the embedded store after a crash. A commit never lands inside a write command (so the file
 * never holds a document without its index entries), and an index that does not match its documents
 * (a store written before that fix) is rebuilt at the next start.
 */
class EmbeddedStoreCrashTest {

    @TempDir
    Path dir;

    /**
     * The barrier itself: a commit asked for while a write command runs waits for the command, so the
     * file holds all of a command's documents or none. Without the barrier the commit wrote an insert
     * command half done (this test then failed: a number of documents that is not whole commands).
     */
    @Test
    void aCommitWaitsForTheWriteCommandInProgress() throws Exception {
        EmbeddedStore store = EmbeddedStore.start(dir.toString());
        MongoClient client = MongoClients.create(store.connectionString());
        MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("long");
        c.insertOne(new Document("_id", -1));
        store.commit();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            docs.add(new Document("_id", i).append("v", "value " + i));
        }
        Thread insert = new Thread(() -> {
            try {
                c.insertMany(docs);
            } catch (RuntimeException e) {
                // the store is halted right after the commit; the answer may not arrive
            }
        });
        insert.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!store.hasUnsavedChanges() && System.nanoTime() < deadline) {
            Thread.onSpinWait();  // until the insert has begun writing
        }
        assertThat(store.hasUnsavedChanges()).as("the insert has begun").isTrue();
        store.commit();
        store.halt();
        insert.join();
        client.close();

        try (EmbeddedStore again = EmbeddedStore.start(dir.toString());
                MongoClient reopened = MongoClients.create(again.connectionString())) {
            // the driver sends the 50,000 documents as insert commands of 1,000 (the server's maxWriteBatchSize):
            // the file holds whole commands only
            long onDisk = reopened.getDatabase("ngsild").getCollection("long").countDocuments() - 1;
            assertThat(onDisk).as("documents on disk").isPositive();
            assertThat(onDisk % 1000).as("documents on disk (%d) beyond whole insert commands of 1,000", onDisk).isZero();
            assertThat(again.repairReport().rebuilt()).isEmpty();
        }
    }

    @Test
    void commitsDuringWritesLeaveDocumentsAndIndexesConsistentOnDisk() throws Exception {
        EmbeddedStore store = EmbeddedStore.start(dir.toString());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger batches = new AtomicInteger();
        try (MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("crash");
            Thread writer = new Thread(() -> {
                int n = 0;
                while (writing.get()) {
                    List<Document> docs = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        docs.add(new Document("_id", "d" + n++).append("v", i));
                    }
                    c.insertMany(docs);
                    c.deleteMany(Filters.lt("v", 50));
                    batches.incrementAndGet();
                }
            });
            writer.start();
            // commit while write commands run, as the group commit does under load
            while (batches.get() < 100) {
                store.commit();
            }
            writing.set(false);
            writer.join();
        }
        // stop as a kill would: on disk is what the last of those commits wrote
        store.halt();

        try (EmbeddedStore again = EmbeddedStore.start(dir.toString())) {
            assertThat(again.repairReport()).as("a store not closed cleanly is checked").isNotNull();
            assertThat(again.repairReport().rebuilt()).as("indexes that did not match their documents").isEmpty();
            assertThat(again.repairReport().checked()).isPositive();
        }
    }

    @Test
    void anIndexMissingADocumentIsRebuiltAfterAnUncleanShutdown() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir.toString());
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("summaries");
            for (int i = 0; i < 10; i++) {
                c.insertOne(new Document("_id", "s" + i).append("count", i));
            }
        }
        assertThat(dir.resolve(EmbeddedStore.CLEAN_MARKER)).exists();
        // what a commit inside an insert left on disk before the fix: the document without its _id entry
        MVStore raw = new MVStore.Builder().fileName(dir.resolve(EmbeddedStore.FILE_NAME).toString()).open();
        MVMap<Object, Object> idIndex = raw.openMap("ngsild.summaries._index__id_");
        assertThat(idIndex.keySet()).hasSize(10);
        idIndex.remove(idIndex.firstKey());
        raw.commit();
        raw.closeImmediately();
        Files.delete(dir.resolve(EmbeddedStore.CLEAN_MARKER));

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString());
                MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(store.repairReport().rebuilt()).containsExactly("ngsild.summaries._id_");
            MongoCollection<Document> c = client.getDatabase("ngsild").getCollection("summaries");
            // before the repair this upsert failed: "Document with key 's0' already existed"
            for (int i = 0; i < 10; i++) {
                c.replaceOne(Filters.eq("_id", "s" + i), new Document("_id", "s" + i).append("count", 100 + i),
                        new ReplaceOptions().upsert(true));
            }
            assertThat(c.countDocuments()).isEqualTo(10);
            assertThat(c.find(Filters.eq("_id", "s0")).first().getInteger("count")).isEqualTo(100);
        }
    }
}
