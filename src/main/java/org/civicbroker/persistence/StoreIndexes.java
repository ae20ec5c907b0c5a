package org.civicbroker.persistence;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import java.util.List;

/**
 * Every index the broker declares, in one place; created at start-up and on tenant creation.
 * The embedded store accepts non-unique secondary indexes and ignores them (such queries scan);
 * on a real MongoDB they serve the type, attribute and ordering filters.
 */
public final class StoreIndexes {

    public static final String ENTITIES = "entities";
    public static final String TENANTS = "tenants";

    private StoreIndexes() {
    }

    public static List<IndexModel> entities() {
        return List.of(
                new IndexModel(Indexes.ascending(EntityDocuments.TYPE, EntityDocuments.ID)),
                new IndexModel(Indexes.ascending(EntityDocuments.ATTR_NAMES)),
                new IndexModel(Indexes.ascending(EntityDocuments.SCOPE)),
                new IndexModel(Indexes.ascending(EntityDocuments.MODIFIED_AT)));
    }
}
