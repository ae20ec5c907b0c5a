package org.civicbroker.temporal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.Rx;
import org.civicbroker.tenancy.Tenant;

/**
 * Streams the history of a tenant's temporal entities (issue 17 exports): instance by instance, the ids
 * of the entities first (only the ids: the embedded store holds a query's whole result until it is
 * read), then a page of {@value #PAGE} entity records at a time, their buckets read {@value #BUCKETS} at a
 * time by {@code _id $in}. An export of millions of instances thus never holds more than one page of
 * records and a few buckets in memory, whatever the store (docs/privacy.md "Benchmark": the previous
 * version, a page of 200 entities with all their buckets, ran out of a 1 GB heap at 100,000 entities).
 */
@ApplicationScoped
public class TemporalExport {

    static final int PAGE = 200;
    static final int BUCKETS = 16;

    /** One history instance of an entity's attribute. */
    public record Row(String entityId, List<String> types, String attribute, TemporalInstance instance) {
    }

    /** One bucket to read, with the record and series it belongs to. */
    private record Slot(TemporalRecord record, Series series, String key) {
    }

    private final TemporalStore store;

    public TemporalExport(TemporalStore store) {
        this.store = store;
    }

    /**
     * The instances of the temporal entities with any of {@code typeIris} (null: every entity) whose time
     * is within [from, to) (either null: open), entity by entity, each series in time order.
     */
    public Multi<Row> instances(Tenant tenant, List<String> typeIris, Instant from, Instant to) {
        LocalDate fromDay = from == null ? null : BucketKeys.day(from);
        LocalDate toDay = to == null ? null : BucketKeys.day(to);
        return store.forRead(tenant).onFailure(NgsiException.class).recoverWithNull().toMulti()
                .onItem().transformToMultiAndConcatenate(db -> Rx.multi(TemporalStore.entities(db)
                                .find(typeIris == null ? Filters.empty() : Filters.in(EntityDocuments.TYPE, typeIris))
                                .projection(Projections.include("_id")).batchSize(1000))
                        .map(d -> d.getString("_id"))
                        .group().intoLists().of(PAGE)
                        .onItem().transformToMultiAndConcatenate(ids -> Multi.createFrom().uni(TemporalStore.byIds(TemporalStore.entities(db), ids))
                                .onItem().transformToMultiAndConcatenate(records -> {
                                    List<Slot> slots = new ArrayList<>();
                                    for (Document d : records) {
                                        TemporalRecord r = TemporalRecord.fromDocument(d);
                                        for (Series s : r.series().values()) {
                                            s.bucketKeys(fromDay, toDay).forEach(k -> slots.add(new Slot(r, s, k)));
                                        }
                                    }
                                    List<List<Slot>> chunks = new ArrayList<>();
                                    for (int i = 0; i < slots.size(); i += BUCKETS) {
                                        chunks.add(slots.subList(i, Math.min(slots.size(), i + BUCKETS)));
                                    }
                                    return Multi.createFrom().iterable(chunks).onItem().transformToMultiAndConcatenate(chunk ->
                                            Multi.createFrom().uni(TemporalStore.byIds(TemporalStore.buckets(db),
                                                            chunk.stream().map(Slot::key).toList()))
                                                    .onItem().transformToIterable(buckets -> rows(chunk, buckets, from, to)));
                                })));
    }

    private static List<Row> rows(List<Slot> chunk, List<Document> buckets, Instant from, Instant to) {
        Map<String, Document> byKey = new HashMap<>();
        buckets.forEach(b -> byKey.put(b.getString("_id"), b));
        List<Row> out = new ArrayList<>();
        for (Slot slot : chunk) {
            Document b = byKey.get(slot.key());
            if (b == null) {
                continue;
            }
            for (TemporalInstance i : BucketCodec.instances(b)) {
                Instant t = i.bucketTime();
                if ((from == null || !t.isBefore(from)) && (to == null || t.isBefore(to))) {
                    out.add(new Row(slot.record().state().id(), slot.record().state().types(), slot.series().attribute(), i));
                }
            }
        }
        return out;
    }

}
