package org.civicbroker.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TitaniumContextResolverTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NGSI = "https://uri.etsi.org/ngsi-ld/";
    private static final String SDM = "https://smartdatamodels.org/dataModel.Environment/";

    private ContextServer server;
    private TitaniumContextResolver resolver;

    @BeforeEach
    void setUp() {
        server = new ContextServer()
                .fixture("environment-context.jsonld")
                .fixture("redefines-core-remote.jsonld")
                .fixture("invalid-json.jsonld")
                .fixture("not-a-context.jsonld")
                .fixture("invalid-context.jsonld")
                .fixture("nested-relative.jsonld");
        resolver = new TitaniumContextResolver(new JsonLdConfig(Duration.ofMillis(500), 64 * 1024, 100));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void coreContextResolvesOfflineAndExpandsCoreTerms() {
        LdContext core = resolver.resolve(null);

        assertThat(core).isSameAs(resolver.core()).isSameAs(resolver.resolve(MAPPER.missingNode()));
        assertThat(core.expand("type")).isEqualTo("@type");
        assertThat(core.expand("id")).isEqualTo("@id");
        assertThat(core.expand("Property")).isEqualTo(NGSI + "Property");
        assertThat(core.expand("location")).isEqualTo(NGSI + "location");
        assertThat(core.expand("observedAt")).isEqualTo(NGSI + "observedAt");
        assertThat(core.expand("Point")).isEqualTo("https://purl.org/geojson/vocab#Point");
        assertThat(core.contextValue()).isEqualTo(TextNode.valueOf(CoreContext.URL));
        assertThat(core.linkUrl()).contains(CoreContext.URL);
        assertThat(server.hits("/environment-context.jsonld")).isZero();
    }

    @Test
    void unknownTermsUseTheDefaultVocabAndCompactBack() {
        LdContext core = resolver.core();

        assertThat(core.expand("temperature")).isEqualTo(CoreContext.DEFAULT_VOCAB + "temperature");
        assertThat(core.compact(CoreContext.DEFAULT_VOCAB + "temperature")).isEqualTo("temperature");
        assertThat(core.compact(CoreContext.DEFAULT_VOCAB + "foo")).isEqualTo("foo");
        assertThat(core.compact(NGSI + "observedAt")).isEqualTo("observedAt");
        assertThat(core.compact("@type")).isEqualTo("type");
    }

    @Test
    void absoluteAndCompactIrisExpandAsJsonLdDoes() {
        LdContext core = resolver.core();

        assertThat(core.expand("urn:ngsi-ld:Vehicle:A1")).isEqualTo("urn:ngsi-ld:Vehicle:A1");
        assertThat(core.expand("https://example.org/speed")).isEqualTo("https://example.org/speed");
        assertThat(core.expand("ngsi-ld:Property")).isEqualTo(NGSI + "Property");
        assertThat(core.expand("unknownprefix:x")).isEqualTo("unknownprefix:x");
        assertThat(core.expand("@id")).isEqualTo("@id");
        assertThat(core.compact("https://example.org/not-in-any-context")).isEqualTo("https://example.org/not-in-any-context");
    }

    @Test
    void everyCoreUrlVersionIsServedFromTheJar() {
        for (String url : new String[] {
                "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
                "http://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld",
                CoreContext.URL}) {
            LdContext context = resolver.resolveUrl(url);
            assertThat(context.expand("Relationship")).isEqualTo(NGSI + "Relationship");
            assertThat(context.linkUrl()).contains(CoreContext.URL);
        }
        assertThat(resolver.resolve(TextNode.valueOf("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld")))
                .isSameAs(resolver.core());
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/other.jsonld")).isFalse();
        // a name under the same path that is no version of the core context is not the core context
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-non-existing.jsonld")).isFalse();
    }

    @Test
    void onlyThePublishedCoreNamesAreTheCore() {
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld")).isTrue();
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.10.jsonld")).isTrue();
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-non-existing.jsonld")).isFalse();
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld.bak")).isFalse();
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-vX.jsonld")).isFalse();
    }

    @Test
    void smartDataModelsContextExpandsAndCompactsItsTerms() {
        String url = server.url("/environment-context.jsonld");
        LdContext context = resolver.resolveUrl(url);

        assertThat(context.expand("no2")).isEqualTo(SDM + "no2");
        assertThat(context.expand("airQualityIndex")).isEqualTo(SDM + "airQualityIndex");
        assertThat(context.expand("AirQualityObserved")).isEqualTo(SDM + "AirQualityObserved");
        assertThat(context.compact(SDM + "no2")).isEqualTo("no2");
        assertThat(context.compact(SDM + "airQualityIndex")).isEqualTo("airQualityIndex");
        // core terms are still there, and unknown ones still fall back to the default vocab
        assertThat(context.expand("location")).isEqualTo(NGSI + "location");
        assertThat(context.expand("observedAt")).isEqualTo(NGSI + "observedAt");
        assertThat(context.expand("notInTheModel")).isEqualTo(CoreContext.DEFAULT_VOCAB + "notInTheModel");
        assertThat(context.contextValue()).isEqualTo(TextNode.valueOf(url));
        assertThat(context.linkUrl()).contains(url);
    }

    @Test
    void aUrlResolvedTwiceIsFetchedOnceAndProcessedOnce() {
        String url = server.url("/environment-context.jsonld");

        long t0 = System.nanoTime();
        LdContext first = resolver.resolveUrl(url);
        String iri = first.expand("no2");
        long t1 = System.nanoTime();
        LdContext second = resolver.resolve(TextNode.valueOf(url));
        second.expand("no2");
        long t2 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            second.expand("no2");
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            second.expand("no2");
        }
        long t4 = System.nanoTime();

        assertThat(second).isSameAs(first);
        assertThat(iri).isEqualTo(SDM + "no2");
        assertThat(server.hits("/environment-context.jsonld")).isEqualTo(1);
        System.out.printf("first resolution + expand: %.2f ms; cached resolve + expand: %.1f us; "
                + "memoised expand: %.0f ns/call (cold JIT), %.0f ns/call (warm)%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e3, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    }

    @Test
    void linkLocalHostsAreRefusedBeforeAnyRequest() {
        // where clouds serve instance metadata and credentials
        assertNgsiError(() -> resolver.resolveUrl("http://169.254.169.254/latest/meta-data/"), ErrorType.BAD_REQUEST_DATA, "link-local");
        assertNgsiError(() -> resolver.resolveUrl("http://[fe80::1]/context.jsonld"), ErrorType.BAD_REQUEST_DATA, "link-local");
        assertNgsiError(() -> resolver.resolveUrl("http://0.0.0.0:1/context.jsonld"), ErrorType.BAD_REQUEST_DATA, "link-local");
    }

    @Test
    void redirectsToLinkLocalHostsOrOtherSchemesAreRefused() {
        server.redirect("/to-metadata.jsonld", "http://169.254.169.254/latest/meta-data/")
                .redirect("/to-file.jsonld", "file:///etc/passwd")
                .redirect("/loop.jsonld", "/loop.jsonld");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/to-metadata.jsonld")), ErrorType.BAD_REQUEST_DATA, "link-local");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/to-file.jsonld")), ErrorType.BAD_REQUEST_DATA, "http or https");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/loop.jsonld")), ErrorType.LD_CONTEXT_NOT_AVAILABLE, "redirects");
        assertThat(server.hits("/loop.jsonld")).isEqualTo(6);
    }

    @Test
    void redirectsAreFollowed() {
        LdContext context = resolver.resolveUrl(server.url("/redirect.jsonld"));

        assertThat(context.expand("no2")).isEqualTo(SDM + "no2");
        assertThat(server.hits("/environment-context.jsonld")).isEqualTo(1);
    }

    @Test
    void unreachableContextIsNotAvailable() {
        String url = ContextServer.closedPortUrl();

        NgsiException e = catchThrowableOfType(NgsiException.class, () -> resolver.resolveUrl(url));

        assertThat(e.type()).isEqualTo(ErrorType.LD_CONTEXT_NOT_AVAILABLE);
        assertThat(e.getMessage()).contains(url);
    }

    @Test
    void slowServerBeyondTheTimeoutIsNotAvailable() {
        String url = server.url("/slow.jsonld");
        long start = System.nanoTime();

        assertNgsiError(() -> resolver.resolveUrl(url), ErrorType.LD_CONTEXT_NOT_AVAILABLE, url);

        System.out.printf("timed out after %d ms (limit 500 ms)%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void missingDocumentIsNotAvailable() {
        assertNgsiError(() -> resolver.resolveUrl(server.url("/nothing-here.jsonld")),
                ErrorType.LD_CONTEXT_NOT_AVAILABLE, "404");
    }

    @Test
    void oversizedDocumentsAreNotAvailable() {
        server.body("/declared-huge.jsonld", new byte[128 * 1024]);

        assertNgsiError(() -> resolver.resolveUrl(server.url("/declared-huge.jsonld")),
                ErrorType.LD_CONTEXT_NOT_AVAILABLE, "larger than 65536 bytes");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/chunked-huge.jsonld")),
                ErrorType.LD_CONTEXT_NOT_AVAILABLE, "larger than 65536 bytes");
    }

    @Test
    void documentsThatAreNotContextsAreBadRequestData() {
        assertNgsiError(() -> resolver.resolveUrl(server.url("/invalid-json.jsonld")),
                ErrorType.BAD_REQUEST_DATA, "not valid JSON");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/not-a-context.jsonld")),
                ErrorType.BAD_REQUEST_DATA, "@context member");
        assertNgsiError(() -> resolver.resolveUrl(server.url("/invalid-context.jsonld")),
                ErrorType.BAD_REQUEST_DATA, "Invalid @context");
    }

    @Test
    void nonHttpSchemesAreNeverFetched() {
        assertNgsiError(() -> resolver.resolveUrl("file:///etc/passwd"), ErrorType.BAD_REQUEST_DATA, "http or https");
        assertNgsiError(() -> resolver.resolve(TextNode.valueOf("ftp://example.org/context.jsonld")),
                ErrorType.BAD_REQUEST_DATA, "http or https");
        ArrayNode nested = MAPPER.createArrayNode().add("jar:file:///tmp/x.jar!/context.jsonld");
        assertNgsiError(() -> resolver.resolve(nested), ErrorType.BAD_REQUEST_DATA, "http or https");
        assertNgsiError(() -> resolver.resolveUrl("relative/context.jsonld"), ErrorType.BAD_REQUEST_DATA, "http or https");
    }

    @Test
    void otherJsonValuesAreNotContexts() {
        assertNgsiError(() -> resolver.resolve(MAPPER.getNodeFactory().numberNode(42)), ErrorType.BAD_REQUEST_DATA, "@context");
        assertNgsiError(() -> resolver.resolve(MAPPER.createArrayNode().add(true)), ErrorType.BAD_REQUEST_DATA, "Invalid @context");
    }

    @Test
    void inlineObjectContext() {
        JsonNode inline = fixture("inline-context.json");

        LdContext context = resolver.resolve(inline);

        assertThat(context.expand("speed")).isEqualTo("https://example.org/vocab/speed");
        assertThat(context.expand("owner")).isEqualTo("https://example.org/vocab/owner");
        assertThat(context.expand("ex:colour")).isEqualTo("https://example.org/vocab/colour");
        assertThat(context.compact("https://example.org/vocab/speed")).isEqualTo("speed");
        assertThat(context.compact("https://example.org/vocab/colour")).isEqualTo("ex:colour");
        assertThat(context.expand("Property")).isEqualTo(NGSI + "Property");
        assertThat(context.contextValue()).isEqualTo(inline);
        // clause 5.13.1: referenced by the URL of the implicitly created context holding it
        assertThat(context.linkUrl()).hasValueSatisfying(u -> assertThat(u).startsWith("http://localhost:1026" + ContextUrls.PATH));
        // same object, different key order: same processed context
        JsonNode reordered = MAPPER.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("owner", inline.get("owner"))
                .put("speed", "https://example.org/vocab/speed")
                .put("ex", "https://example.org/vocab/");
        assertThat(resolver.resolve(reordered)).isSameAs(context);
    }

    @Test
    void arrayMixingUrlAndInlineObject() {
        String url = server.url("/environment-context.jsonld");
        ArrayNode array = MAPPER.createArrayNode().add(url).add(fixture("inline-context.json"));

        LdContext context = resolver.resolve(array);

        assertThat(context.expand("no2")).isEqualTo(SDM + "no2");
        assertThat(context.expand("speed")).isEqualTo("https://example.org/vocab/speed");
        assertThat(context.contextValue()).isEqualTo(array);
        String link = context.linkUrl().orElseThrow();
        assertThat(resolver.contexts().get(link)).hasValueSatisfying(e -> assertThat(e.document().get("@context")).isEqualTo(array));
        assertThat(resolver.resolve(array.deepCopy())).isSameAs(context);
        assertThat(server.hits("/environment-context.jsonld")).isEqualTo(1);
    }

    @Test
    void inlineContextCannotRedefineCoreTerms() {
        LdContext context = resolver.resolve(fixture("redefines-core-inline.json"));

        assertThat(context.expand("type")).isEqualTo("@type");
        assertThat(context.expand("id")).isEqualTo("@id");
        assertThat(context.expand("Property")).isEqualTo(NGSI + "Property");
        assertThat(context.expand("observedAt")).isEqualTo(NGSI + "observedAt");
        assertThat(context.expand("temperature")).isEqualTo("https://example.org/vocab/temperature");
    }

    @Test
    void remoteContextThatImportsCoreAndRedefinesProtectedTermsStillResolves() {
        LdContext context = resolver.resolveUrl(server.url("/redefines-core-remote.jsonld"));

        assertThat(context.expand("type")).isEqualTo("@type");
        assertThat(context.expand("location")).isEqualTo(NGSI + "location");
        assertThat(context.expand("humidity")).isEqualTo("https://example.org/vocab/humidity");
    }

    @Test
    void failuresAreNotCachedSoALaterRequestCanSucceed() {
        String path = "/appears-later.jsonld";
        assertNgsiError(() -> resolver.resolveUrl(server.url(path)), ErrorType.LD_CONTEXT_NOT_AVAILABLE, "404");

        server.body(path, ContextServer.read("environment-context.jsonld"));

        assertThat(resolver.resolveUrl(server.url(path)).expand("no2")).isEqualTo(SDM + "no2");
        assertThat(server.hits(path)).isEqualTo(2);
    }

    @Test
    void nestedRelativeReferencesResolveAgainstTheDocumentUrlAndTrackEveryDocument() {
        String url = server.url("/nested-relative.jsonld");
        LdContext context = resolver.resolveUrl(url);

        assertThat(context.expand("no2")).isEqualTo(SDM + "no2");
        assertThat(context.expand("batteryLevel")).isEqualTo("https://example.org/vocab/batteryLevel");

        // evicting the nested document drops the processed context built from it
        resolver.contexts().evict(server.url("/environment-context.jsonld"));
        assertThat(resolver.resolveUrl(url)).isNotSameAs(context);
        assertThat(server.hits("/environment-context.jsonld")).isEqualTo(2);
        assertThat(server.hits("/nested-relative.jsonld")).isEqualTo(1);
    }

    @Test
    void userVocabDoesNotReplaceTheCoreVocabAndNullMappedTermsFallBackToIt() {
        LdContext context = resolver.resolve(fixture("null-mapping-inline.json"));

        // the core context, applied last, sets @vocab back to the NGSI-LD default context
        assertThat(context.expand("anything")).isEqualTo(CoreContext.DEFAULT_VOCAB + "anything");
        assertThat(context.expand("secret")).isEqualTo(CoreContext.DEFAULT_VOCAB + "secret");
    }

    @Test
    void oneContextCannotPullInUnlimitedRemoteDocuments() {
        ArrayNode many = MAPPER.createArrayNode();
        for (int i = 0; i <= TrackingDocumentLoader.MAX_REMOTE_DOCUMENTS; i++) {
            String path = "/many-" + i + ".jsonld";
            server.body(path, ("{\"@context\": {\"t" + i + "\": \"https://example.org/t" + i + "\"}}").getBytes());
            many.add(server.url(path));
        }

        assertNgsiError(() -> resolver.resolve(many), ErrorType.BAD_REQUEST_DATA, "more than 32 remote documents");

        many.remove(TrackingDocumentLoader.MAX_REMOTE_DOCUMENTS);
        assertThat(resolver.resolve(many).expand("t31")).isEqualTo("https://example.org/t31");
    }

    @Test
    void typedCoreTermsCompactToTheirTerm() {
        LdContext core = resolver.core();

        assertThat(core.compact(NGSI + "createdAt")).isEqualTo("createdAt");
        assertThat(core.compact(NGSI + "attributeList")).isEqualTo("attributeList");
        assertThat(core.compact("https://purl.org/geojson/vocab#coordinates")).isEqualTo("coordinates");
        assertThat(core.compact(NGSI + "notATerm")).isEqualTo("ngsi-ld:notATerm");
    }

    private static void assertNgsiError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorType type, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(type))
                .hasMessageContaining(detail);
    }

    static JsonNode fixture(String name) {
        try {
            return MAPPER.readTree(ContextServer.read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
