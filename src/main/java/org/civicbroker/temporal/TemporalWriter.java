package org.civicbroker.temporal;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.temporal.TemporalBatch.Bucket;
import org.civicbroker.temporal.VersionedWrites.Stamp;
import org.civicbroker.temporal.VersionedWrites.Write;

/**
 * Writes a {@link TemporalBatch} with a constant number of store round trips, however many entities,
 * changes and buckets it touches (every temporal write goes through here: the recorder's journal batches
 * and the temporal API's provisions and corrections):
 * <ol>
 * <li>one {@code $in} read of the touched entity records and one of the touched buckets (concurrently);
 * <li>every document's changes applied in memory, in order;
 * <li>one unordered bulk write of the records, then one of the buckets: inserts for new documents,
 * replaces and deletes checked against the version read ({@link VersionedWrites}); a document another
 * writer changed first is read again and its changes applied again, until none is lost;
 * <li>one bulk write of the touched buckets' summaries, each recomputed from its bucket's points (so
 * summaries never drift), then one {@code $in} read of the buckets' version stamps: a summary whose
 * bucket was changed since by another writer (which may have written its own summary before this one)
 * is recomputed from a fresh read of the bucket.
 * </ol>
 * Records are written before buckets: a crash in between leaves at worst a wider day range (harmless),
 * and for journaled changes the batch is delivered again. Writing unchanged documents is skipped, but
 * every touched bucket's summary is rewritten, so a redelivery repairs a summary a crash left behind.
 */
final class TemporalWriter {

    /** An instance of an attribute. */
    record Placed(String attribute, TemporalInstance instance) {
    }

    /** How often a document lost to concurrent writers is redone before the write fails (and is retried whole). */
    static final int ATTEMPTS = 50;

    /** A bucket as written: the stamp of the stored document (null: none stored) and its points. */
    private record Written(String id, String series, String day, Stamp stamp, List<TemporalInstance> points) {
    }

    private TemporalWriter() {
    }

    /** @return the ids of the entities whose record this write created */
    static Uni<Set<String>> write(MongoDatabase db, TemporalBatch batch) {
        Set<String> created = new LinkedHashSet<>();
        List<String> recordIds = List.copyOf(batch.records().keySet());
        List<String> bucketIds = List.copyOf(batch.buckets().keySet());
        Map<String, Written> written = new LinkedHashMap<>();
        return Uni.combine().all()
                .unis(TemporalStore.byIds(TemporalStore.entities(db), recordIds),
                        TemporalStore.byIds(TemporalStore.buckets(db), bucketIds))
                .asTuple()
                .chain(read -> records(db, batch, recordIds, read.getItem1(), created, 1)
                        .chain(() -> buckets(db, batch, bucketIds, read.getItem2(), written, 1)))
                .chain(() -> summaries(db, List.copyOf(written.values()), 1))
                .replaceWith(created);
    }

    private static Uni<Void> records(MongoDatabase db, TemporalBatch batch, List<String> ids, List<Document> docs,
            Set<String> created, int attempt) {
        Map<String, Document> stored = byId(docs);
        List<Write> writes = new ArrayList<>();
        for (String id : ids) {
            Document old = stored.get(id);
            TemporalRecord r = TemporalBatch.applyAll(old == null ? null : TemporalRecord.fromDocument(old),
                    batch.records().get(id));
            if (r == null) {
                continue;  // no record, and no state to make one from
            }
            Document next = r.toDocument();
            if (old == null) {
                writes.add(new Write(id, next, null));
            } else if (!sameContent(old, next)) {
                writes.add(new Write(id, next, VersionedWrites.version(old)));
            }
        }
        return VersionedWrites.write(TemporalStore.entities(db), writes).chain(out -> {
            writes.stream().filter(w -> w.version() == null && out.done().containsKey(w.id())).forEach(w -> created.add(w.id()));
            List<String> lost = List.copyOf(out.lost());
            return lost.isEmpty() ? Uni.createFrom().voidItem()
                    : again(attempt, "records").chain(() -> TemporalStore.byIds(TemporalStore.entities(db), lost))
                            .chain(fresh -> records(db, batch, lost, fresh, created, attempt + 1));
        });
    }

    private static Uni<Void> buckets(MongoDatabase db, TemporalBatch batch, List<String> ids, List<Document> docs,
            Map<String, Written> written, int attempt) {
        Map<String, Document> stored = byId(docs);
        List<Write> writes = new ArrayList<>();
        Map<String, Written> pending = new HashMap<>();
        for (String id : ids) {
            Bucket b = batch.buckets().get(id);
            Document old = stored.get(id);
            List<TemporalInstance> points = old == null ? new ArrayList<>() : BucketCodec.instances(old);
            List<TemporalInstance> next = b.apply(points);
            Written w = new Written(id, b.series(), b.day().toString(), Stamp.of(old), next);
            if (old != null && next.equals(points)) {
                written.put(id, w);  // unchanged: only its summary is rewritten
            } else if (next.isEmpty()) {
                if (old == null) {
                    written.put(id, w);
                } else {
                    writes.add(new Write(id, null, VersionedWrites.version(old)));
                    pending.put(id, w);
                }
            } else {
                writes.add(new Write(id, BucketCodec.bucket(id, w.series(), w.day(), next),
                        old == null ? null : VersionedWrites.version(old)));
                pending.put(id, w);
            }
        }
        return VersionedWrites.write(TemporalStore.buckets(db), writes).chain(out -> {
            out.done().forEach((id, stamp) -> {
                Written w = pending.get(id);
                written.put(id, new Written(id, w.series(), w.day(), stamp, w.points()));
            });
            List<String> lost = List.copyOf(out.lost());
            return lost.isEmpty() ? Uni.createFrom().voidItem()
                    : again(attempt, "buckets").chain(() -> TemporalStore.byIds(TemporalStore.buckets(db), lost))
                            .chain(fresh -> buckets(db, batch, lost, fresh, written, attempt + 1));
        });
    }

    /**
     * Writes the summaries of {@code buckets} (deletes those of empty ones), then checks that each bucket
     * is still the one summarised; those another writer changed since are summarised again from a fresh
     * read. The last writer of a summary always checks after writing it, so the stored summary ends up
     * matching the stored bucket.
     */
    private static Uni<Void> summaries(MongoDatabase db, List<Written> buckets, int attempt) {
        if (buckets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<WriteModel<Document>> models = new ArrayList<>(buckets.size());
        for (Written w : buckets) {
            if (w.points().isEmpty()) {
                models.add(new DeleteOneModel<>(VersionedWrites.byId(w.id())));
            } else {
                models.add(new ReplaceOneModel<>(VersionedWrites.byId(w.id()),
                        BucketCodec.summary(w.id(), w.series(), w.day(), w.points()), new ReplaceOptions().upsert(true)));
            }
        }
        List<String> ids = buckets.stream().map(Written::id).toList();
        return VersionedWrites.overwrite(TemporalStore.summaries(db), models)
                .chain(() -> TemporalStore.byIds(TemporalStore.buckets(db), ids,
                        Projections.include(VersionedWrites.TOKEN, TemporalStore.VERSION)))
                .chain(stamps -> {
                    Map<String, Document> now = byId(stamps);
                    List<Written> moved = buckets.stream()
                            .filter(w -> !Objects.equals(w.stamp(), Stamp.of(now.get(w.id())))).toList();
                    if (moved.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> movedIds = moved.stream().map(Written::id).toList();
                    return again(attempt, "summaries").chain(() -> TemporalStore.byIds(TemporalStore.buckets(db), movedIds))
                            .chain(fresh -> {
                                Map<String, Document> f = byId(fresh);
                                List<Written> redo = moved.stream().map(w -> {
                                    Document d = f.get(w.id());
                                    return new Written(w.id(), w.series(), w.day(), Stamp.of(d),
                                            d == null ? List.of() : BucketCodec.instances(d));
                                }).toList();
                                return summaries(db, redo, attempt + 1);
                            });
                });
    }

    private static Uni<Void> again(int attempt, String what) {
        return attempt < ATTEMPTS ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new IllegalStateException(
                "temporal " + what + " still changed by concurrent writers after " + ATTEMPTS + " attempts"));
    }

    /** Whether the stored document already holds {@code next} (its version and write token aside). */
    private static boolean sameContent(Document stored, Document next) {
        Document content = new Document(stored);
        content.remove(TemporalStore.VERSION);
        content.remove(VersionedWrites.TOKEN);
        return content.equals(next);
    }

    private static Map<String, Document> byId(List<Document> docs) {
        Map<String, Document> out = new HashMap<>(docs.size() * 2);
        docs.forEach(d -> out.put(d.getString("_id"), d));
        return out;
    }
}
