package org.civicbroker.persistence;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
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

    private final EmbeddedStore embedded;
    private final EmbeddedTypeIndex typeIndex;
    private final MongoClient client;

    public StoreProducer(
            @ConfigProperty(name = "quarkus.mongodb.connection-string") Optional<String> connectionString,
            @ConfigProperty(name = "civic.store.data-dir", defaultValue = "./data") String dataDir,
            @ConfigProperty(name = "civic.store.cache-mb", defaultValue = "256") int cacheMb,
            @ConfigProperty(name = "civic.store.fsync", defaultValue = "true") boolean fsync) {
        String uri;
        if (connectionString.isPresent() && !connectionString.get().isBlank()) {
            embedded = null;
            uri = connectionString.get();
            LOG.infof("Using MongoDB at %s", new ConnectionString(uri).getHosts());
        } else {
            embedded = EmbeddedStore.start(dataDir, new EmbeddedStore.Options(cacheMb, fsync));
            uri = embedded.connectionString();
            LOG.warnf("No MongoDB configured (MONGODB_URI): using the EMBEDDED DEVELOPMENT STORE (mongo-java-server, %s)."
                    + " Set MONGODB_URI for production.", embedded.description());
        }
        typeIndex = embedded == null ? null : new EmbeddedTypeIndex();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .build());
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

    @PreDestroy
    void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
