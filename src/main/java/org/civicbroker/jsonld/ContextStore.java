package org.civicbroker.jsonld;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.civicbroker.jsonld.ContextCache.Entry;
import org.civicbroker.jsonld.ContextCache.Kind;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.jboss.logging.Logger;

/**
 * Keeps hosted and implicitly created @contexts across restarts (clause 5.13): one document per context
 * in the {@code jsonldContexts} collection of the default database. Contexts are per broker, not per
 * tenant (clause 5.13 has no tenant in the context store). The JSON document is stored as a string:
 * its keys ({@code @context}, IRIs with '.' and '$') are not valid or safe Mongo field names.
 *
 * <p>Hosted contexts are written before the POST is acknowledged and deleted before the DELETE is;
 * implicitly created contexts are written in the background (they are re-created from the request
 * that uses them should a write be lost).
 */
@ApplicationScoped
public class ContextStore implements ContextCache.Listener {

    static final String COLLECTION = "jsonldContexts";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(ContextStore.class);

    private final StoreAccess store;
    private final TitaniumContextResolver resolver;

    public ContextStore(StoreAccess store, TitaniumContextResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    void onStart(@Observes StartupEvent ev) {
        int n = loadInto(resolver.contexts()).await().atMost(WRITE_TIMEOUT);
        resolver.contexts().listener(this);
        if (n > 0) {
            LOG.infof("Loaded %d hosted or implicitly created @context(s)", n);
        }
    }

    /** Puts every stored context into {@code cache}; the count loaded. */
    public Uni<Integer> loadInto(ContextCache cache) {
        return Rx.multi(collection().find()).onItem().transform(d -> restore(cache, d) ? 1 : 0)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    @Override
    public void created(Entry entry) {
        Uni<Void> write = save(entry);
        if (entry.kind() == Kind.HOSTED) {
            write.await().atMost(WRITE_TIMEOUT);
        } else {
            write.subscribe().with(ok -> { }, e -> LOG.warnf("Could not store implicit @context %s: %s", entry.localId(), e));
        }
    }

    @Override
    public void deleted(Entry entry) {
        Uni<Void> delete = Rx.uni(collection().deleteOne(Filters.eq("_id", entry.localId()))).replaceWithVoid()
                .call(store::afterWrite);
        if (entry.kind() == Kind.HOSTED) {
            delete.await().atMost(WRITE_TIMEOUT);
        } else {
            delete.subscribe().with(ok -> { }, e -> LOG.warnf("Could not delete implicit @context %s: %s", entry.localId(), e));
        }
    }

    Uni<Void> save(Entry entry) {
        String json;
        try {
            json = MAPPER.writeValueAsString(entry.document());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Document doc = new Document("_id", entry.localId())
                .append("kind", entry.kind().label())
                .append("createdAt", Date.from(entry.createdAt()))
                .append("document", json);
        return store.upsert(store.brokerDatabase(), COLLECTION, doc);
    }

    private boolean restore(ContextCache cache, Document d) {
        try {
            Kind kind = Kind.of(d.getString("kind")).orElseThrow();
            JsonNode document = MAPPER.readTree(d.getString("document"));
            cache.restore(d.getString("_id"), kind, d.getDate("createdAt").toInstant(), document);
            return true;
        } catch (Exception e) {
            // A damaged record must not stop the broker; it is reported and left in place for inspection.
            LOG.warnf("Skipping stored @context %s: %s", d.get("_id"), e.toString());
            return false;
        }
    }

    private MongoCollection<Document> collection() {
        return store.brokerDatabase().getCollection(COLLECTION);
    }
}
