package org.civicbroker.persistence;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chooses the store at start-up: the MongoDB named by {@code quarkus.mongodb.connection-string}
 * (env {@code MONGODB_URI}) when set, otherwise the embedded development store. The broker then uses
 * the same reactive driver either way.
 */
@ApplicationScoped
@Startup
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    /**
     * The CDI container whose store has been closed (at shutdown). Once it is destroyed, an application-scoped
     * bean used again creates a new instance; for this bean that would open the store again during shutdown,
     * after the clean-close marker was written (deleting it), and never close it, so the next start would
     * check every index. A container that closed its store therefore never opens it again: a late caller
     * (a timer firing during shutdown) gets an error instead. Keyed on the container, not global, so an
     * application started again in the same JVM (tests) opens its store as usual.
     */
    private static volatile Object closedIn;

    private final EmbeddedStore embedded;
    private final EmbeddedTypeIndex typeIndex;
    private final MongoClient client;

    public StoreProducer(
            @ConfigProperty(name = "quarkus.mongodb.connection-string") Optional<String> connectionString,
            @ConfigProperty(name = "civic.store.data-dir", defaultValue = "./data") String dataDir,
            @ConfigProperty(name = "civic.store.cache-mb", defaultValue = "0") int cacheMb,
            @ConfigProperty(name = "civic.store.fsync", defaultValue = "true") boolean fsync,
            @ConfigProperty(name = "civic.store.compact-interval", defaultValue = "30S") java.time.Duration compactInterval,
            @ConfigProperty(name = "civic.store.compact-at-start", defaultValue = "50") int compactAtStart) {
        refuseAfterClose(Arc.container());
        String uri;
        if (connectionString.isPresent() && !connectionString.get().isBlank()) {
            embedded = null;
            uri = connectionString.get();
            LOG.infof("Using MongoDB at %s", new ConnectionString(uri).getHosts());
        } else {
            int cache = cacheMb > 0 ? cacheMb : autoCacheMb(Runtime.getRuntime().maxMemory());
            LOG.infof("Memory budget: maximum heap %d MB, embedded store page cache %d MB%s", Runtime.getRuntime().maxMemory() >> 20,
                    cache, cacheMb > 0 ? " (NGSILD_STORE_CACHE_MB)" : " (a quarter of the heap, at most 256 MB)");
            embedded = EmbeddedStore.start(dataDir, new EmbeddedStore.Options(cache, fsync, compactInterval, compactAtStart));
            uri = embedded.connectionString();
            LOG.warnf("No MongoDB configured (MONGODB_URI): using the EMBEDDED DEVELOPMENT STORE (mongo-java-server, %s)."
                    + " Set MONGODB_URI for production.", embedded.description());
        }
        typeIndex = embedded == null ? null : new EmbeddedTypeIndex();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .build());
    }

    /**
     * The default page cache of the embedded store (issue 19, memory budget): a quarter of the maximum
     * heap, at most 256 MB (what 100,000-entity scans need, see docs/architecture.md) and at least 16 MB
     * (H2's own default). The heap itself comes from the container's memory limit in the image
     * ({@code -XX:MaxRAMPercentage=75}) or {@code -Xmx}.
     */
    static int autoCacheMb(long maxHeapBytes) {
        return (int) Math.max(16, Math.min(256, (maxHeapBytes >> 20) / 4));
    }

    @Produces
    @ApplicationScoped
    MongoClient mongoClient() {
        return client;
    }

    /** The in-process type index, when the embedded store is in use. */
    public Optional<EmbeddedTypeIndex> typeIndex() {
        return Optional.ofNullable(typeIndex);
    }

    /** The embedded store when in use. */
    public Optional<EmbeddedStore> embedded() {
        return Optional.ofNullable(embedded);
    }

    /**
     * Awaited after every write before it is acknowledged: makes it durable on the embedded H2 store
     * (group commit, see {@link EmbeddedStore#commitAsync()}). A no-op on MongoDB, whose write concern
     * already covers durability.
     */
    public Uni<Void> afterWrite() {
        if (embedded == null) {
            return Uni.createFrom().voidItem();
        }
        // continue on a worker, not on the single commit thread, so commits are never queued behind request work
        return Uni.createFrom().completionStage(embedded::commitAsync).emitOn(Infrastructure.getDefaultExecutor());
    }

    /** Throws when {@code container} has closed its store already (see {@link #closedIn}). */
    static void refuseAfterClose(Object container) {
        if (container != null && container == closedIn) {
            throw new IllegalStateException("The store is closed (the broker is shutting down) and is not opened again");
        }
    }

    /**
     * Ordered shutdown, last step: runs when the application's beans are destroyed, after every
     * {@code ShutdownEvent} observer (the change consumers have stopped by then, see
     * {@code ChangeJournal#onShutdown}): commits, closes the file and writes the clean-close marker.
     */
    @PreDestroy
    void close() {
        close(Arc.container());
    }

    void close(Object container) {
        closedIn = container;
        client.close();
        if (embedded != null) {
            embedded.close();
            LOG.infof("Embedded store closed cleanly (%s)", embedded.description());
        }
    }
}
