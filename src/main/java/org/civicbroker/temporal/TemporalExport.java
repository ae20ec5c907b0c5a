package org.civicbroker.temporal;

import com.mongodb.client.model.Filters;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.Rx;
import org.civicbroker.tenancy.Tenant;

/**
 * Streams the history of a tenant's temporal entities (issue 17 exports): instance by instance, a page
 * of {@value #PAGE} entities at a time (their buckets read by {@code _id $in}), so an export of millions of
 * instances never holds more than one page of buckets in memory.
 */
@ApplicationScoped
public class TemporalExport {

    static final int PAGE = 200;

    /** One history instance of an entity's attribute. */
    public record Row(String entityId, List<String> types, String attribute, TemporalInstance instance) {
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
                                .find(typeIris == null ? Filters.empty() : Filters.in(EntityDocuments.TYPE, typeIris)).batchSize(PAGE))
                        .map(TemporalRecord::fromDocument)
                        .group().intoLists().of(PAGE)
                        .onItem().transformToMultiAndConcatenate(page -> {
                            List<String> keys = new ArrayList<>();
                            page.forEach(r -> r.series().values().forEach(s -> keys.addAll(s.bucketKeys(fromDay, toDay))));
                            return Multi.createFrom().uni(TemporalStore.byIds(TemporalStore.buckets(db), keys))
                                    .onItem().transformToIterable(buckets -> rows(page, buckets, from, to));
                        }));
    }

    private static List<Row> rows(List<TemporalRecord> page, List<Document> buckets, Instant from, Instant to) {
        java.util.Map<String, List<Document>> bySeries = new java.util.HashMap<>();
        buckets.forEach(b -> bySeries.computeIfAbsent(b.getString(BucketCodec.SERIES), k -> new ArrayList<>()).add(b));
        List<Row> out = new ArrayList<>();
        for (TemporalRecord r : page) {
            for (Series s : r.series().values()) {
                List<Document> bs = new ArrayList<>(bySeries.getOrDefault(s.key(), List.of()));
                bs.sort(java.util.Comparator.comparing(b -> b.getString(BucketCodec.DAY)));
                for (Document b : bs) {
                    for (TemporalInstance i : BucketCodec.instances(b)) {
                        Instant t = i.bucketTime();
                        if ((from == null || !t.isBefore(from)) && (to == null || t.isBefore(to))) {
                            out.add(new Row(r.state().id(), r.state().types(), s.attribute(), i));
                        }
                    }
                }
            }
        }
        return out;
    }

}
