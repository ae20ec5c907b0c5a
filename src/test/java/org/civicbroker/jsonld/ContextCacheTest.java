package org.civicbroker.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.ContextCache.Entry;
import org.civicbroker.jsonld.ContextCache.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextCacheTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SDM = "https://smartdatamodels.org/dataModel.Environment/";
    private static final String PATH = "/environment-context.jsonld";

    private ContextServer server;
    private TitaniumContextResolver resolver;
    private ContextCache cache;

    @BeforeEach
    void setUp() {
        server = new ContextServer().fixture("environment-context.jsonld");
        resolver = new TitaniumContextResolver(JsonLdConfig.defaults());
        cache = resolver.contexts();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void listsFetchedContextsWithUseCountsAndDocument() {
        String url = server.url(PATH);
        Instant before = Instant.now();

        resolver.resolveUrl(url);
        resolver.resolveUrl(url);
        resolver.resolve(MAPPER.createArrayNode().add(url));

        // the array is also held as an implicitly created context (clause 5.13.1); the fetched copy is one entry
        List<Entry> entries = cache.list().stream().filter(e -> e.kind() == Kind.CACHED && !e.core()).toList();
        assertThat(entries).hasSize(1);
        Entry entry = entries.get(0);
        assertThat(entry.url()).isEqualTo(url);
        assertThat(entry.kind()).isEqualTo(Kind.CACHED);
        assertThat(entry.createdAt()).isBetween(before, Instant.now());
        assertThat(entry.uses()).isEqualTo(3);
        assertThat(entry.document()).isEqualTo(TitaniumContextResolverTest.fixture("environment-context.jsonld"));
        assertThat(cache.get(url)).contains(entry);
        assertThat(server.hits(PATH)).isEqualTo(1);
    }

    @Test
    void theCoreContextIsListedOnceAsACachedCopyOfItsUrl() {
        resolver.resolveUrl(CoreContext.URL);

        assertThat(cache.list()).singleElement().satisfies(e -> {
            assertThat(e.core()).isTrue();
            assertThat(e.kind()).isEqualTo(Kind.CACHED);
            assertThat(e.url()).isEqualTo(CoreContext.URL);
        });
        assertThat(cache.get("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld")).hasValueSatisfying(e -> assertThat(e.core()).isTrue());
        assertThatThrownBy(() -> cache.delete(CoreContext.URL))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        assertThat(cache.reload(CoreContext.URL).core()).isTrue();
    }

    @Test
    void reloadFetchesAgainAndDropsContextsBuiltFromTheOldDocument() {
        String url = server.url(PATH);
        LdContext old = resolver.resolveUrl(url);
        server.body(PATH, "{\"@context\": {\"no2\": \"https://example.org/no2-v2\"}}".getBytes());

        Entry reloaded = cache.reload(url);

        assertThat(server.hits(PATH)).isEqualTo(2);
        assertThat(reloaded.document().at("/@context/no2").asText()).isEqualTo("https://example.org/no2-v2");
        LdContext fresh = resolver.resolveUrl(url);
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.expand("no2")).isEqualTo("https://example.org/no2-v2");
        assertThat(old.expand("no2")).isEqualTo(SDM + "no2");
    }

    @Test
    void failedReloadKeepsTheOldCopy() {
        String url = server.url(PATH);
        resolver.resolveUrl(url);
        server.body(PATH, "not json".getBytes());

        assertThatThrownBy(() -> cache.reload(url)).isInstanceOf(NgsiException.class);

        assertThat(cache.get(url)).hasValueSatisfying(e -> assertThat(e.document().has("@context")).isTrue());
        assertThat(resolver.resolveUrl(url).expand("no2")).isEqualTo(SDM + "no2");
    }

    @Test
    void evictForgetsTheDocumentSoTheNextUseFetchesIt() {
        String url = server.url(PATH);
        resolver.resolveUrl(url);

        assertThat(cache.evict(url)).isTrue();
        assertThat(cache.evict(url)).isFalse();
        assertThat(cache.list()).allMatch(Entry::core);

        assertThat(resolver.resolveUrl(url).expand("airQualityIndex")).isEqualTo(SDM + "airQualityIndex");
        assertThat(server.hits(PATH)).isEqualTo(2);
    }

    @Test
    void hostedContextsAreServedFromMemoryUnderAnyBaseAndCannotBeReloaded() {
        ObjectNode document = MAPPER.createObjectNode();
        document.putObject("@context").put("speed", "https://example.org/vocab/speed");

        Entry hosted = cache.host(document);
        // The broker's own URL for it, under whatever name it is reached by: resolved without any fetch
        // (nothing listens on the server's /ngsi-ld path; a fetch would be a 404, i.e. 503).
        String url = ContextUrls.served(server.url(""), hosted.localId());

        assertThat(hosted.kind()).isEqualTo(Kind.HOSTED);
        assertThat(hosted.url()).isNull();
        assertThat(resolver.resolveUrl(url).expand("speed")).isEqualTo("https://example.org/vocab/speed");
        assertThat(resolver.resolveUrl(ContextUrls.served("http://broker.example:1026", hosted.localId())).expand("speed"))
                .isEqualTo("https://example.org/vocab/speed");
        assertThat(server.hits(ContextUrls.PATH + hosted.localId())).isZero();
        assertThat(cache.get(hosted.localId())).hasValueSatisfying(e -> {
            assertThat(e.uses()).isEqualTo(2);
            assertThat(e.lastUsage()).isNotNull();
        });
        assertThatThrownBy(() -> cache.reload(hosted.localId()))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        assertThat(cache.evict(hosted.localId())).isTrue();
        assertThat(cache.get(hosted.localId())).isEmpty();
        // Deleted: the processed context built from it is dropped, so the URL is now fetched (and fails).
        assertThatThrownBy(() -> resolver.resolveUrl(url))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.LD_CONTEXT_NOT_AVAILABLE));
    }

    @Test
    void inlineContextsAreReferencedByOneImplicitlyCreatedContext() {
        ObjectNode inline = MAPPER.createObjectNode().put("speed", "https://example.org/vocab/speed");
        JsonNode array = MAPPER.createArrayNode().add(server.url(PATH)).add(inline);

        LdContext first = resolver.resolve(array);
        assertThat(cache.list()).extracting(Entry::kind).containsOnly(Kind.CACHED, Kind.IMPLICITLY_CREATED);  // created when first processed
        String link = first.linkUrl().orElseThrow();
        String again = resolver.resolve(array.deepCopy()).linkUrl().orElseThrow();

        assertThat(again).isEqualTo(link);
        List<Entry> implicit = cache.list().stream().filter(e -> e.kind() == Kind.IMPLICITLY_CREATED).toList();
        assertThat(implicit).hasSize(1);
        assertThat(link).endsWith(ContextUrls.PATH + implicit.get(0).localId());
        assertThat(implicit.get(0).document().get("@context")).isEqualTo(array);
        assertThat(resolver.resolveUrl(link).expand("speed")).isEqualTo("https://example.org/vocab/speed");
        assertThat(resolver.resolveUrl(link).expand("no2")).isEqualTo(SDM + "no2");
        assertThatThrownBy(() -> cache.reload(implicit.get(0).localId()))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void hostingRejectsDocumentsThatAreNotContexts() {
        JsonNode notAContext = MAPPER.createObjectNode().put("name", "x");

        assertThatThrownBy(() -> cache.host(notAContext))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        assertThatThrownBy(() -> cache.host(MAPPER.createObjectNode().put("@context", 42)))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void cachedCopiesCanBeNamedByLocalIdOrUrlAndReloadKeepsTheOldCopyOnFailure() {
        String url = server.url(PATH);
        resolver.resolveUrl(url);
        Entry entry = cache.get(url).orElseThrow();
        assertThat(cache.get(entry.localId())).hasValueSatisfying(e -> assertThat(e.url()).isEqualTo(url));

        server.close();
        assertThatThrownBy(() -> cache.reload(entry.localId()))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.LD_CONTEXT_NOT_AVAILABLE));
        assertThat(cache.get(url)).isPresent();
        assertThat(resolver.resolveUrl(url).expand("no2")).isEqualTo(SDM + "no2");
        server = new ContextServer();
    }

    @Test
    void reloadingAnUnknownUrlIsBadRequestData() {
        // clause 5.13.5.4: only a Cached @context can be reloaded
        assertThatThrownBy(() -> cache.reload("https://example.org/never-seen.jsonld"))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void concurrentFirstResolutionsShareOneFetch() throws Exception {
        String url = server.delay(PATH, 300).url(PATH);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = IntStream.range(0, 8)
                    .mapToObj(i -> pool.submit(() -> resolver.resolveUrl(url).expand("no2")))
                    .toList();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(SDM + "no2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.hits(PATH)).isEqualTo(1);
    }

    @Test
    void configurationIsValidated() {
        assertThatThrownBy(() -> new JsonLdConfig(Duration.ZERO, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonLdConfig(Duration.ofSeconds(1), 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TitaniumContextResolver(new JsonLdConfig(Duration.ofSeconds(5), 1_048_576, 10)).core().expand("Property"))
                .isEqualTo("https://uri.etsi.org/ngsi-ld/Property");
    }
}
