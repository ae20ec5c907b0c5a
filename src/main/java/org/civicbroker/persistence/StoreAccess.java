package org.civicbroker.persistence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Small generic store operations shared by the features, and index creation. */
@ApplicationScoped
public class StoreAccess {

    public static final String ENTITIES = StoreIndexes.ENTITIES;
    public static final String TENANTS = StoreIndexes.TENANTS;

    private final MongoClient client;
    private final StoreProducer producer;
    private final String prefix;

    public StoreAccess(MongoClient client, StoreProducer producer,
            @ConfigProperty(name = "civic.store.database-prefix", defaultValue = "ngsild") String prefix) {
        this.client = client;
        this.producer = producer;
        this.prefix = prefix;
    }

    void onStart(@Observes StartupEvent ev) {
        createIndexes(brokerDatabase()).await().indefinitely();
    }

    public MongoClient client() {
        return client;
    }

    /**
     * The broker's own database (the default tenant's): tenants list, change journal, notification
     * outbox, hosted @contexts, broker identity.
     */
    public MongoDatabase brokerDatabase() {
        return client.getDatabase(prefix);
    }

    public Uni<Void> createIndexes(MongoDatabase db) {
        if (producer.embedded().isPresent()) {
            // the embedded store ignores secondary indexes (with a warning per index); see EmbeddedTypeIndex
            return Uni.createFrom().voidItem();
        }
        return Rx.uni(db.getCollection(ENTITIES).createIndexes(StoreIndexes.entities())).replaceWithVoid();
    }

    public Uni<Document> findOne(MongoDatabase db, String collection, Object id) {
        return Rx.uni(db.getCollection(collection).find(Filters.eq("_id", id)).first());
    }

    public Uni<Void> upsert(MongoDatabase db, String collection, Document doc) {
        return Rx.uni(db.getCollection(collection)
                        .replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true)))
                .call(producer::afterWrite)
                .replaceWithVoid();
    }

    public Uni<List<String>> ids(MongoDatabase db, String collection) {
        return Rx.multi(db.getCollection(collection).find().projection(Projections.include("_id")))
                .map(d -> String.valueOf(d.get("_id")))
                .collect().asList();
    }

    /** Ping: used by the health check. */
    public Uni<Document> ping() {
        return Rx.uni(brokerDatabase().runCommand(new Document("ping", 1)));
    }

    /** Completes when the preceding write is durable (see {@link StoreProducer#afterWrite()}). */
    public Uni<Void> afterWrite() {
        return producer.afterWrite();
    }
}
