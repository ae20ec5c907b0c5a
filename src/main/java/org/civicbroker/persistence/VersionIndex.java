package org.civicbroker.persistence;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Optimistic versioned writes ({@code _v}) that stay indexed on the embedded store. It answers a
 * filter from an index only when the filter names exactly the index's keys, so the version-checked
 * {@code {_id, _v}} filter of a replace or delete scanned the whole collection once per write: a
 * 1,000-entity batch update of a 100,000-entity tenant read 10^8 documents, and the temporal recorder
 * slowed down as its buckets grew. A unique index on {@code (_id, _v)} (unique indexes are the kind it
 * maintains) serves that filter; created once per collection and process, on the embedded store only
 * (MongoDB answers the filter from its _id index).
 */
@ApplicationScoped
public class VersionIndex {

    public static final String FIELD = "_v";
    static final String NAME = "_id_v";
    private static final Logger LOG = Logger.getLogger(VersionIndex.class);

    private final boolean embedded;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    public VersionIndex(StoreProducer producer) {
        this.embedded = producer.embedded().isPresent();
    }

    /**
     * {@code {_id: id, _v: version}} as a plain document: {@code Filters.and} renders {@code $and}, which
     * the embedded store cannot answer from an index.
     */
    public static Bson at(Object id, long version) {
        return new Document("_id", id).append(FIELD, version);
    }

    /** Makes sure {@code c} has the (_id, _v) index on the embedded store; a no-op elsewhere and after the first call. */
    public Uni<Void> ensure(MongoCollection<Document> c) {
        String ns = c.getNamespace().getFullName();
        if (!embedded || !indexed.add(ns)) {
            return Uni.createFrom().voidItem();
        }
        return Rx.uni(c.createIndex(Indexes.ascending("_id", FIELD), new IndexOptions().unique(true).name(NAME)))
                .onFailure().invoke(e -> {
                    indexed.remove(ns);
                    LOG.warnf("Embedded store: no (_id, _v) index on %s (%s); versioned writes scan", ns, e.getMessage());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
