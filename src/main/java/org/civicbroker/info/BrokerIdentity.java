package org.civicbroker.info;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import org.bson.Document;
import org.civicbroker.persistence.StoreAccess;

/**
 * The broker's identity for {@code /info/sourceIdentity}: a UUID created once per data store (kept in
 * the {@code broker} collection of the default database), so the id stays the same across restarts and
 * differs between brokers with different stores.
 */
@ApplicationScoped
public class BrokerIdentity {

    static final String COLLECTION = "broker";
    static final String ID = "sourceIdentity";

    private final StoreAccess store;
    private volatile String uuid;

    public BrokerIdentity(StoreAccess store) {
        this.store = store;
    }

    void onStart(@Observes StartupEvent ev) {
        uuid();
    }

    /** The stored UUID, created and stored on first call against an empty store. */
    public String uuid() {
        String known = uuid;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (uuid == null) {
                var db = store.brokerDatabase();
                Document doc = store.findOne(db, COLLECTION, ID).await().atMost(Duration.ofSeconds(30));
                if (doc == null || doc.getString("uuid") == null) {
                    doc = new Document("_id", ID).append("uuid", UUID.randomUUID().toString());
                    store.upsert(db, COLLECTION, doc).await().atMost(Duration.ofSeconds(30));
                }
                uuid = doc.getString("uuid");
            }
            return uuid;
        }
    }
}
