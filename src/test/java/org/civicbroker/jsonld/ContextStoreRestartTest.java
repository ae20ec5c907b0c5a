package org.civicbroker.jsonld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.nio.file.Path;
import java.util.Optional;
import org.civicbroker.info.BrokerIdentity;
import org.civicbroker.jsonld.ContextCache.Entry;
import org.civicbroker.jsonld.ContextCache.Kind;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.persistence.StoreProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted and implicitly created contexts, and the broker's source identity, survive a restart of the
 * embedded store on its H2 file backend: the start-up load of a new broker finds them; a deleted
 * hosted context stays deleted.
 */
class ContextStoreRestartTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** One broker life: the store, the resolver and the beans that persist contexts, as at start-up. */
    private final class Broker implements AutoCloseable {
        final StoreProducer producer = new StoreProducer(Optional.empty(), dir.toString(), 16, true, java.time.Duration.ZERO, 0);
        final MongoClient client = MongoClients.create(producer.embedded().orElseThrow().connectionString());
        final StoreAccess access = new StoreAccess(client, producer, "ngsild");
        final TitaniumContextResolver resolver = new TitaniumContextResolver(JsonLdConfig.defaults());
        final ContextStore store = new ContextStore(access, resolver);
        final BrokerIdentity identity = new BrokerIdentity(access);

        Broker() {
            store.onStart(null);
        }

        @Override
        public void close() {
            client.close();
            producer.embedded().orElseThrow().close();
        }
    }

    @Test
    void hostedAndImplicitContextsAndTheIdentitySurviveARestart() throws Exception {
        // Outside Quarkus no context needs propagating; after a @QuarkusTest in the same JVM, Mutiny's
        // context-propagation interceptor would load its extensions through Quarkus's class loader
        // on a driver thread (ServiceConfigurationError).
        Infrastructure.clearInterceptors();
        try {
            restartCycle();
        } finally {
            Infrastructure.reload();
        }
    }

    private void restartCycle() throws Exception {
        JsonNode vehicle = MAPPER.readTree(ContextServer.read("vehicle-context-v1.jsonld"));
        JsonNode inline = MAPPER.readTree(ContextServer.read("query-inline-context.jsonld")).get("@context");
        String kept;
        String deleted;
        String implicitUrl;
        String uuid;
        try (Broker broker = new Broker()) {
            kept = broker.resolver.contexts().host(vehicle).localId();
            deleted = broker.resolver.contexts().host(vehicle).localId();
            broker.resolver.contexts().evict(deleted);
            implicitUrl = broker.resolver.resolve(inline).linkUrl().orElseThrow();
            Entry implicit = broker.resolver.contexts().get(implicitUrl).orElseThrow();
            broker.store.save(implicit).await().indefinitely();  // written in the background otherwise
            uuid = broker.identity.uuid();
        }

        try (Broker broker = new Broker()) {
            ContextCache contexts = broker.resolver.contexts();
            assertThat(contexts.get(kept)).hasValueSatisfying(e -> {
                assertThat(e.kind()).isEqualTo(Kind.HOSTED);
                assertThat(e.document()).isEqualTo(vehicle);
            });
            assertThat(contexts.get(deleted)).isEmpty();
            assertThat(contexts.get(implicitUrl)).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(Kind.IMPLICITLY_CREATED));
            assertThat(broker.resolver.resolveUrl(ContextUrls.served("http://broker.example", kept)).expand("colour"))
                    .isEqualTo("https://example.org/v1/colour");
            assertThat(broker.identity.uuid()).isEqualTo(uuid);
        }
    }
}
