package org.civicbroker.temporal;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.UnorderedBulk;
import org.civicbroker.persistence.VersionIndex;

/**
 * Version-checked writes of whole temporal documents in one unordered bulk write, as
 * {@code batch.BatchRepository} writes entities: an insert for a new document (a duplicate key means
 * another writer created it first), a replace or delete filtered on {@code {_id, _v}} for a stored one.
 * The store has no transactions, so a document another writer changed since it was read is reported
 * as lost, for the caller to redo from a fresh read.
 */
final class VersionedWrites {

    /** See {@link UnorderedBulk#WRITE_TOKEN}; a document's (version, token) stamp tells which write produced it. */
    static final String TOKEN = UnorderedBulk.WRITE_TOKEN;
    private static final String VERSION = VersionIndex.FIELD;

    /** Which write produced a stored document: its version and token (null when written without one). */
    record Stamp(long version, Long token) {

        static Stamp of(Document d) {
            return d == null ? null : new Stamp(VersionedWrites.version(d), d.get(TOKEN) instanceof Number n ? n.longValue() : null);
        }
    }

    /**
     * One document write: insert {@code doc} when {@code version} is null, else replace it (delete it when
     * {@code doc} is null) if the stored document is still at {@code version}.
     */
    record Write(String id, Document doc, Long version) {
    }

    /**
     * @param done id -> stamp of the document as this bulk write left it (null: deleted)
     * @param lost ids another writer changed, created or deleted first
     */
    record Outcome(Map<String, Stamp> done, Set<String> lost) {
    }

    private VersionedWrites() {
    }

    static long version(Document d) {
        Number v = d.get(VERSION, Number.class);
        return v == null ? 0 : v.longValue();
    }

    static Uni<Outcome> write(MongoCollection<Document> c, List<Write> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(new Outcome(Map.of(), Set.of()));
        }
        long token = UnorderedBulk.newToken();
        List<WriteModel<Document>> models = new ArrayList<>(writes.size());
        Map<String, Stamp> done = new HashMap<>();
        for (Write w : writes) {
            if (w.version() == null) {
                models.add(new InsertOneModel<>(stamped(w.doc(), 1, token)));
                done.put(w.id(), new Stamp(1, token));
            } else if (w.doc() == null) {
                models.add(new DeleteOneModel<>(VersionIndex.at(w.id(), w.version())));
                done.put(w.id(), null);
            } else {
                models.add(new ReplaceOneModel<>(VersionIndex.at(w.id(), w.version()), stamped(w.doc(), w.version() + 1, token)));
                done.put(w.id(), new Stamp(w.version() + 1, token));
            }
        }
        return UnorderedBulk.write(c, models).chain(r -> {
            Set<String> lost = new LinkedHashSet<>();
            for (BulkWriteError e : r.errors()) {
                String id = writes.get(e.getIndex()).id();
                if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    return Uni.createFrom().failure(new IllegalStateException(
                            "The store refused a temporal write of " + id + ": " + e.getMessage()));
                }
                done.remove(id);
                lost.add(id);  // created by another writer since it was read
            }
            List<String> replaced = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            for (Write w : writes) {
                if (w.version() != null && done.containsKey(w.id())) {
                    (w.doc() == null ? deleted : replaced).add(w.id());
                }
            }
            BulkWriteResult result = r.result();
            if (result != null && result.getMatchedCount() >= replaced.size() && result.getDeletedCount() >= deleted.size()) {
                return Uni.createFrom().item(new Outcome(done, lost));
            }
            // Some version filter did not match: find which by reading back what is stored now.
            List<String> check = new ArrayList<>(replaced);
            check.addAll(deleted);
            return TemporalStore.byIds(c, check, Projections.include(TOKEN, VERSION)).map(docs -> {
                Map<String, Stamp> stored = new HashMap<>();
                docs.forEach(d -> stored.put(d.getString("_id"), Stamp.of(d)));
                for (String id : check) {
                    Stamp ours = done.get(id);
                    Stamp now = stored.get(id);
                    boolean mine = ours == null ? now == null : ours.equals(now);
                    if (!mine) {
                        done.remove(id);
                        lost.add(id);
                    }
                }
                return new Outcome(done, lost);
            });
        });
    }

    /** Unordered bulk write of documents without a version check (summaries, derived from their bucket). */
    static Uni<Void> overwrite(MongoCollection<Document> c, List<WriteModel<Document>> models) {
        if (models.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Rx.uni(c.bulkWrite(models, new BulkWriteOptions().ordered(false))).replaceWithVoid();
    }

    /** {@code {_id: id}} for an unconditional replace or delete. */
    static Bson byId(String id) {
        return Filters.eq("_id", id);
    }

    private static Document stamped(Document doc, long version, long token) {
        Document d = new Document(doc);
        d.put(VERSION, version);
        d.put(TOKEN, token);
        return d;
    }
}
