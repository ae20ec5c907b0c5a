package org.civicbroker.persistence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Multi;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads every document matching a filter in bounded memory, whatever the store: the ids first (only the
 * ids), then a page of documents at a time by {@code _id $in}. A plain cursor would do on MongoDB, but the
 * embedded store (mongo-java-server) holds a query's whole result until the cursor is read to its end, so
 * an export of a large tenant through one cursor held the tenant in memory (docs/privacy.md "Benchmark").
 * Documents deleted between the two reads are skipped; the order is the ids', within a page the store's.
 */
public final class IdPaging {

    private IdPaging() {
    }

    public static Multi<Document> find(MongoCollection<Document> c, Bson filter, int page) {
        return Rx.multi(c.find(filter).projection(Projections.include("_id")).batchSize(Math.max(page, 1000)))
                .map(d -> d.get("_id"))
                .group().intoLists().of(page)
                .onItem().transformToMultiAndConcatenate(ids -> Rx.multi(c.find(Filters.in("_id", ids)).batchSize(page)));
    }
}
