package org.civicbroker.persistence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * A tenant's whole database as lines of JSON and back (issue 17 "data ownership"): every document of
 * every collection (entities, history, subscriptions, the data register, ...) as
 * {@code {"collection": name, "document": <MongoDB Extended JSON, canonical>}}, so types (dates,
 * 64-bit versions) survive exactly. Import writes into a tenant that holds nothing yet, in unordered
 * batches, and updates the embedded type index; the caller reloads the feature caches.
 */
@ApplicationScoped
public class TenantDump {

    static final int BATCH = 500;
    /** History buckets per page of an export: a bucket holds a day of one series, thousands of instances. */
    static final int BUCKET_PAGE = 16;
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    /**
     * The collections that make up a tenant's data (entities; temporal records, buckets and summaries;
     * subscriptions; the data register, its versions, disposal records and publication profile). A list
     * rather than every collection: the default tenant's database is also the broker's own (tenants,
     * change journal, notification outbox, hosted contexts), which is not the tenant's to move.
     */
    static final List<String> COLLECTIONS = List.of(StoreAccess.ENTITIES, "temporalEntities", "temporalBuckets",
            "temporalSummaries", "subscriptions", "registerEntries", "registerVersions", "disposalRecords", "registerProfile");
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final TenantRegistry tenants;
    private final StoreAccess store;
    private final EntityRepository entities;

    public TenantDump(TenantRegistry tenants, StoreAccess store, EntityRepository entities) {
        this.tenants = tenants;
        this.store = store;
        this.entities = entities;
    }

    /** Every document of the tenant, collection by collection (in name order). 404 NonexistentTenant. */
    public Multi<String> lines(Tenant tenant) {
        return tenants.existing(tenant).toMulti().onItem().transformToMultiAndConcatenate(db ->
                Rx.multi(db.listCollectionNames()).collect().asList()
                        .map(names -> names.stream().filter(COLLECTIONS::contains).sorted().toList())
                        .toMulti().onItem().transformToIterable(l -> l)
                        .onItem().transformToMultiAndConcatenate(name -> IdPaging.find(db.getCollection(name), Filters.empty(),
                                name.equals("temporalBuckets") ? BUCKET_PAGE : BATCH)
                                .map(d -> "{\"collection\":\"" + name + "\",\"document\":" + d.toJson(CANONICAL) + "}")));
    }

    /**
     * Imports lines into the tenant (blocking: call it on a worker thread); 409 when the tenant already
     * holds entities, history, subscriptions or a register. A malformed line is 400 with its number;
     * the lines before it stay imported.
     *
     * @return the number of documents imported
     */
    public long importLines(Tenant tenant, Iterator<String> lines, LongConsumer progress) {
        MongoDatabase db = tenants.forWrite(tenant).await().indefinitely();
        for (String c : List.of(StoreAccess.ENTITIES, "temporalEntities", "subscriptions", "registerEntries")) {
            if (Rx.uni(db.getCollection(c).countDocuments(Filters.empty())).await().indefinitely() > 0) {
                throw new NgsiException(ErrorType.CONFLICT, "Tenant " + tenant.name() + " is not empty (" + c
                        + "): import into a new tenant");
            }
        }
        Map<String, List<Document>> pending = new LinkedHashMap<>();
        long n = 0;
        long lineNo = 0;
        while (lines.hasNext()) {
            String line = lines.next();
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Document d;
            try {
                d = Document.parse(line);
            } catch (JsonParseException | IllegalArgumentException e) {
                throw NgsiException.badData("Line " + lineNo + " is not JSON: " + e.getMessage());
            }
            Object c = d.get("collection");
            Object doc = d.get("document");
            if (!(c instanceof String name) || !COLLECTION.matcher(name).matches() || !(doc instanceof Document document)) {
                throw NgsiException.badData("Line " + lineNo + ": expected {\"collection\": name, \"document\": {...}}");
            }
            if (!COLLECTIONS.contains(name)) {
                throw NgsiException.badData("Line " + lineNo + ": collection " + name + " is not part of a tenant export");
            }
            List<Document> batch = pending.computeIfAbsent(name, k -> new ArrayList<>());
            batch.add(document);
            if (batch.size() >= BATCH) {
                n += flush(db, tenant, name, batch);
                progress.accept(n);
            }
        }
        for (Map.Entry<String, List<Document>> e : pending.entrySet()) {
            n += flush(db, tenant, e.getKey(), e.getValue());
        }
        progress.accept(n);
        store.afterWrite().await().indefinitely();
        return n;
    }

    private long flush(MongoDatabase db, Tenant tenant, String name, List<Document> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Rx.uni(db.getCollection(name).insertMany(batch, new InsertManyOptions().ordered(false))).await().indefinitely();
        if (name.equals(StoreAccess.ENTITIES)) {
            entities.typeIndex().ifPresent(index -> batch.forEach(d -> index.put(entities.databaseName(tenant), d.getString("_id"),
                    d.getList(EntityDocuments.TYPE, String.class))));
        }
        long n = batch.size();
        batch.clear();
        return n;
    }
}
