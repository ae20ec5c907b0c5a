package org.civicbroker.temporal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.civicbroker.persistence.VersionIndex;
import org.reactivestreams.Publisher;

/**
 * An embedded mongo-java-server (memory backend, loopback, ephemeral port) with the temporal collections
 * and their (_id, _v) indexes as the broker makes them, reached through the reactive driver as in the
 * broker, plus a synchronous client to look at the stored documents. {@link #interleaved()} gives a view
 * of a database that runs another writer's work just before the next bulk write on a collection, to put
 * a concurrent write exactly between a writer's read and its write.
 */
final class TemporalStoreFixture implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final com.mongodb.reactivestreams.client.MongoClient client;
    private final MongoClient sync;
    private final Map<String, Runnable> beforeBulk = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    TemporalStoreFixture() {
        // After @QuarkusTest classes ran in the same JVM, the driver's (JVM-wide) callback threads carry
        // Quarkus's class loader as context loader, and Mutiny's context-propagation interceptor (from the
        // class path here, not Quarkus's copy) then fails to load its extensions ("not a subtype"). A
        // plain test propagates no context: drop the interceptor from this class loader's Mutiny.
        Infrastructure.clearInterceptors();
        server.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        client = com.mongodb.reactivestreams.client.MongoClients.create(uri);
        sync = MongoClients.create(uri);
    }

    MongoDatabase db(String name) {
        for (String c : List.of(TemporalStore.ENTITIES, TemporalStore.BUCKETS, TemporalStore.SUMMARIES)) {
            sync.getDatabase(name).getCollection(c).createIndex(Indexes.ascending("_id", VersionIndex.FIELD),
                    new IndexOptions().unique(true));
        }
        return client.getDatabase(name);
    }

    /** Every document of a collection, by id. */
    List<Document> all(String db, String collection) {
        return sync.getDatabase(db).getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** Runs {@code work} (once) right before the next bulk write on {@code collection} through {@link #interleaved}. */
    void beforeNextBulkWrite(String collection, Runnable work) {
        beforeBulk.put(collection, work);
    }

    /** {@code db} whose collections run the registered work before their next bulk write. */
    MongoDatabase interleaved(MongoDatabase db) {
        return proxy(MongoDatabase.class, db, (m, args) -> {
            Object result = invoke(m, db, args);
            if (m.getName().equals("getCollection") && args.length == 1) {
                @SuppressWarnings("unchecked")
                MongoCollection<Document> c = (MongoCollection<Document>) result;
                return collection((String) args[0], c);
            }
            return result;
        });
    }

    private MongoCollection<Document> collection(String name, MongoCollection<Document> c) {
        return proxy(MongoCollection.class, c, (m, args) -> {
            Runnable work = m.getName().equals("bulkWrite") ? beforeBulk.remove(name) : null;
            if (work == null) {
                return invoke(m, c, args);
            }
            // the other writer's work runs (to completion) when the bulk write is subscribed to, off the driver's threads
            Publisher<Object> p = s -> CompletableFuture.runAsync(work).whenComplete((x, e) -> {
                if (e != null) {
                    failures.add(e);
                }
                try {
                    @SuppressWarnings("unchecked")
                    Publisher<Object> real = (Publisher<Object>) invoke(m, c, args);
                    real.subscribe(s);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            return p;
        });
    }

    /** What the interleaved work threw (the interrupted write goes on regardless). */
    List<Throwable> failures() {
        return failures;
    }

    private interface Handler {
        Object handle(Method m, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Object target, Handler h) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> h.handle(m, args == null ? new Object[0] : args));
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        client.close();
        sync.close();
        server.shutdownNow();
    }
}
