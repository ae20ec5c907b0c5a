package org.civicbroker.persistence;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * Checks, after an unclean shutdown, that every unique index of the embedded store matches its
 * collection's documents, and rebuilds from the documents any index that does not (issue 19). A store
 * written before the commit barrier ({@link GuardedH2Backend}) can hold a document without its
 * {@code _id} index entry, or a stale entry, which made every later write of that key fail.
 *
 * <p>This reads the H2 map names mongo-java-server 1.47 uses ({@code databases.<db>.<collection>} for
 * documents, {@code <db>.<collection>._index_<name>} for an index); the version is pinned in the pom.
 */
final class IndexRepair {

    private static final Logger LOG = Logger.getLogger(IndexRepair.class);
    private static final String DATA_PREFIX = "databases.";

    /** What a check found: indexes checked and the names of those rebuilt. */
    public record Report(int checked, List<String> rebuilt) {
    }

    private IndexRepair() {
    }

    static Report run(H2Backend backend, MVStore store) {
        int checked = 0;
        List<String> rebuilt = new ArrayList<>();
        for (String mapName : List.copyOf(store.getMapNames())) {
            if (!mapName.startsWith(DATA_PREFIX)) {
                continue;
            }
            String full = mapName.substring(DATA_PREFIX.length());
            int dot = full.indexOf('.');
            if (dot < 0) {
                continue;
            }
            String dbName = full.substring(0, dot);
            String collectionName = full.substring(dot + 1);
            MongoDatabase db = backend.resolveDatabase(dbName);
            MongoCollection<?> c = db.resolveCollection(collectionName, false);
            if (!(c instanceof AbstractMongoCollection<?> collection)) {
                continue;
            }
            MVMap<Object, Document> data = store.openMap(mapName);
            for (Index<?> index : collection.getIndexes()) {
                checked++;
                if (!consistent(index, data)) {
                    rebuild(store, full, collection, index, data);
                    rebuilt.add(full + "." + index.getName());
                }
            }
        }
        if (!rebuilt.isEmpty()) {
            LOG.warnf("Embedded store: %d of %d index(es) did not match their documents after an unclean shutdown"
                    + " and were rebuilt: %s", rebuilt.size(), checked, rebuilt);
        }
        return new Report(checked, rebuilt);
    }

    /**
     * Every document is found at its own position, and the index holds no other entry (the broker's
     * unique indexes are neither sparse nor multikey, so one entry per document; any other index is
     * simply rebuilt).
     */
    private static boolean consistent(Index<?> index, MVMap<Object, Document> data) {
        for (Map.Entry<Object, Document> e : data.entrySet()) {
            if (!Objects.equals(index.getPosition(e.getValue()), e.getKey())) {
                return false;
            }
        }
        return index.getCount() == data.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void rebuild(MVStore store, String namespace, AbstractMongoCollection collection, Index index,
            MVMap<Object, Document> data) {
        MVMap<Object, Object> entries = store.openMap(namespace + "._index_" + index.getName());
        entries.clear();
        for (Map.Entry<Object, Document> e : data.entrySet()) {
            try {
                index.add(e.getValue(), e.getKey(), collection);
            } catch (RuntimeException ex) {
                // two documents with one unique key: the first keeps the entry (cannot come from a split write)
                LOG.errorf("Embedded store: %s.%s: document %s not indexed: %s", namespace, index.getName(), e.getKey(),
                        ex.getMessage());
            }
        }
    }
}
