package org.civicbroker.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civicbroker.batch.BatchRepository;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;

/**
 * Linked entities read from the entity store with one {@code $in} query. Called while a notification is
 * rendered, on the matcher's worker thread (never on an event loop), so it waits for the store.
 */
@ApplicationScoped
public class StoredLinkedEntities implements LinkedEntities {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BatchRepository store;

    public StoredLinkedEntities(BatchRepository store) {
        this.store = store;
    }

    @Override
    public Map<String, Entity> find(String tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Entity> out = new LinkedHashMap<>();
        store.collection(new Tenant(tenant), false)
                .chain(c -> store.find(c, ids, null))
                .await().atMost(TIMEOUT)
                .forEach((id, v) -> out.put(id, v.entity()));
        return out;
    }
}
