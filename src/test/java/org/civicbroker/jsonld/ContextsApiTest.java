package org.civicbroker.jsonld;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The @context management API over HTTP (clause 5.13): add, list (details, kind), serve, delete,
 * reload from a loopback origin, implicit contexts for inline request contexts, persistence of
 * hosted contexts, and the error cases.
 */
@QuarkusTest
class ContextsApiTest {

    private static final String CONTEXTS = "/ngsi-ld/v1/jsonldContexts";
    private static final String ENTITIES = "/ngsi-ld/v1/entities";
    private static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    ContextStore store;

    private ContextServer server;
    private final String tenant = "t-" + UUID.randomUUID();

    @BeforeEach
    void start() {
        server = new ContextServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static String fixture(String name) {
        return new String(ContextServer.read(name), StandardCharsets.UTF_8);
    }

    /**
     * POSTs a context document; returns the URL it is served at. The Location header is the local relative
     * path of the added context (clause 6.29.3.1); the URL is that path under the address the test reached
     * the broker at.
     */
    private static String host(String document) {
        String location = given().contentType("application/json").body(document).post(CONTEXTS)
                .then().statusCode(201).header("Location", startsWith(ContextUrls.PATH)).extract().header("Location");
        return "http://localhost:" + io.restassured.RestAssured.port + location;
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    private String createVehicle(String contextUrl) {
        String id = "urn:ngsi-ld:Vehicle:" + UUID.randomUUID();
        given().header("NGSILD-Tenant", tenant).header("Link", link(contextUrl)).contentType("application/json")
                .body(fixture("vehicle-entity.json").replace("{{id}}", id)).post(ENTITIES).then().statusCode(201);
        return id;
    }

    private static void problem(ValidatableResponse r, int status, String type) {
        r.statusCode(status).body("type", equalTo(ERRORS + type));
    }

    @Test
    void aHostedContextIsServedAndUsedByEntitiesThroughTheBrokersOwnUrl() throws Exception {
        String location = host(fixture("vehicle-context-v1.jsonld"));
        String localId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(path(location)).isEqualTo(ContextUrls.PATH + localId);

        String served = given().get(path(location)).then().statusCode(200).extract().asString();
        assertThat(MAPPER.readTree(served)).isEqualTo(MAPPER.readTree(fixture("vehicle-context-v1.jsonld")));
        given().accept("application/ld+json").get(path(location)).then().statusCode(200).contentType(startsWith("application/ld+json"));

        String id = createVehicle(location);
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + id).then().statusCode(200)
                .body("type", equalTo("https://example.org/v1/Vehicle"));
        given().header("NGSILD-Tenant", tenant).header("Link", link(location)).get(ENTITIES + "/" + id).then().statusCode(200)
                .body("type", equalTo("Vehicle")).body("colour.value", equalTo("red"));

        given().get(path(location) + "?details=true").then().statusCode(200)
                .body("URL", equalTo(location)).body("localId", equalTo(localId)).body("kind", equalTo("Hosted"))
                .body("createdAt", notNullValue()).body("timestamp", nullValue()).body("lastUsage", notNullValue())
                .body("numberOfHits", greaterThanOrEqualTo(1));
    }

    @Test
    void hostedContextsAreBoundedInSizeAndNumber() {
        String big = "{\"@context\": {\"x\": \"https://example.org/" + "a".repeat(1_048_576) + "\"}}";
        problem(given().contentType("application/json").body(big).post(CONTEXTS).then(), 413, "BadRequestData");
        // fill up to the test profile's cap (civic.jsonld.max-hosted), check the refusal, then clean up
        long hosted = given().get(CONTEXTS + "?details=true&kind=hosted").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
        java.util.List<String> added = new java.util.ArrayList<>();
        for (long i = hosted; i < 50; i++) {
            added.add(host("{\"@context\": {\"n" + i + "\": \"https://example.org/n" + i + "\"}}"));
        }
        problem(given().contentType("application/json").body("{\"@context\": {\"late\": \"https://example.org/late\"}}")
                .post(CONTEXTS).then(), 409, "Conflict");
        added.forEach(location -> given().delete(path(location)).then().statusCode(204));
        if (!added.isEmpty()) {  // other test classes may have hosted up to the cap already
            host("{\"@context\": {\"late\": \"https://example.org/late\"}}");
        }
    }

    @Test
    void listGivesUrlsOrDetailsAndFiltersByKind() {
        String hosted = host(fixture("vehicle-context-v1.jsonld"));
        String cached = server.fixture("environment-context.jsonld").url("/environment-context.jsonld");
        createVehicle(cached);

        List<String> all = given().get(CONTEXTS).then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(all).contains(hosted, cached);
        List<String> onlyHosted = given().get(CONTEXTS + "?kind=Hosted").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(onlyHosted).contains(hosted).doesNotContain(cached);
        List<String> onlyCached = given().get(CONTEXTS + "?kind=Cached").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(onlyCached).contains(cached).doesNotContain(hosted);

        given().get(CONTEXTS + "?details=true&kind=Cached").then().statusCode(200)
                .body("find { it.URL == '" + cached + "' }.kind", equalTo("Cached"))
                .body("find { it.URL == '" + cached + "' }.numberOfHits", greaterThanOrEqualTo(1))
                .body("kind", not(hasItem("Hosted")));
        problem(given().get(CONTEXTS + "?kind=Remote").then(), 400, "BadRequestData");
        problem(given().get(CONTEXTS + "?details=maybe").then(), 400, "BadRequestData");
        problem(given().get(CONTEXTS + "?colour=red").then(), 400, "InvalidRequest");
    }

    @Test
    void deletingAHostedContextMakesIt404AndItCannotBeReloaded() {
        String location = host(fixture("vehicle-context-v1.jsonld"));
        problem(given().delete(path(location) + "?reload=true").then(), 400, "BadRequestData");

        given().delete(path(location)).then().statusCode(204);

        problem(given().get(path(location)).then(), 404, "ResourceNotFound");
        problem(given().get(path(location) + "?details=true").then(), 404, "ResourceNotFound");
        problem(given().delete(path(location)).then(), 404, "ResourceNotFound");
        assertThat(given().get(CONTEXTS).then().extract().jsonPath().getList("$", String.class)).doesNotContain(location);
        // clause 5.13.5.4: reload=true is for Cached contexts only; an unknown id names none (BadRequestData)
        problem(given().delete(CONTEXTS + "/" + UUID.randomUUID() + "?reload=true").then(), 400, "BadRequestData");
        problem(given().delete(CONTEXTS + "/" + UUID.randomUUID() + "?reload=FALSE").then(), 404, "ResourceNotFound");
    }

    @Test
    void aCachedCopyIsNotServedButHasDetailsAndIsDeletedByIdOrUrl() {
        String url = server.fixture("environment-context.jsonld").url("/environment-context.jsonld");
        createVehicle(url);
        String localId = ContextUrls.cachedId(url);

        problem(given().get(CONTEXTS + "/" + localId).then(), 422, "OperationNotSupported");
        given().get(CONTEXTS + "/" + localId + "?details=true").then().statusCode(200)
                .body("URL", equalTo(url)).body("kind", equalTo("Cached"));

        // RestAssured would encode the '%' again: the path is sent as encoded here.
        given().urlEncodingEnabled(false).delete(CONTEXTS + "/" + URLEncoder.encode(url, StandardCharsets.UTF_8))
                .then().statusCode(204);
        problem(given().get(CONTEXTS + "/" + localId + "?details=true").then(), 404, "ResourceNotFound");
    }

    @Test
    void reloadPicksUpAChangedDocumentAtItsOrigin() {
        String url = server.body("/vehicle.jsonld", ContextServer.read("vehicle-context-v1.jsonld")).url("/vehicle.jsonld");
        String before = createVehicle(url);
        server.body("/vehicle.jsonld", ContextServer.read("vehicle-context-v2.jsonld"));

        given().delete(CONTEXTS + "/" + ContextUrls.cachedId(url) + "?reload=true").then().statusCode(204);

        assertThat(server.hits("/vehicle.jsonld")).isEqualTo(2);
        String after = createVehicle(url);
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + after).then().statusCode(200)
                .body("type", equalTo("https://example.org/v2/Vehicle"));
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + before).then().statusCode(200)
                .body("type", equalTo("https://example.org/v1/Vehicle"));
    }

    @Test
    void reloadFromAnUnreachableOriginIs503AndKeepsTheHeldCopy() {
        String url = server.body("/vehicle.jsonld", ContextServer.read("vehicle-context-v1.jsonld")).url("/vehicle.jsonld");
        createVehicle(url);
        server.close();

        problem(given().delete(CONTEXTS + "/" + ContextUrls.cachedId(url) + "?reload=true").then(), 503, "LdContextNotAvailable");

        given().get(CONTEXTS + "/" + ContextUrls.cachedId(url) + "?details=true").then().statusCode(200).body("kind", equalTo("Cached"));
        String id = createVehicle(url);
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + id).then().statusCode(200)
                .body("type", equalTo("https://example.org/v1/Vehicle"));
        server = new ContextServer();
    }

    @Test
    void anInlineRequestContextIsReferencedByAnImplicitlyCreatedContext() throws Exception {
        String id = createVehicle(host(fixture("vehicle-context-v1.jsonld")));
        String implicit = given().header("NGSILD-Tenant", tenant).contentType("application/ld+json").accept("application/json")
                .body(fixture("query-inline-context.jsonld")).post("/ngsi-ld/v1/entityOperations/query")
                .then().statusCode(200).body("[0].id", equalTo(id)).body("[0].type", equalTo("Vehicle"))
                .extract().header("Link");
        String url = implicit.substring(1, implicit.indexOf('>'));
        assertThat(path(url)).startsWith(ContextUrls.PATH);
        assertThat(url).startsWith("http://localhost:" + io.restassured.RestAssured.port + "/");  // the request's Host

        JsonNode document = MAPPER.readTree(given().get(path(url)).then().statusCode(200).extract().asString());
        assertThat(document.get("@context")).isEqualTo(MAPPER.readTree(fixture("query-inline-context.jsonld")).get("@context"));
        assertThat(given().get(CONTEXTS + "?kind=ImplicitlyCreated").then().statusCode(200).extract().jsonPath()
                .getList("$", String.class)).contains(url);
        given().get(path(url) + "?details=true").then().statusCode(200).body("kind", equalTo("ImplicitlyCreated"));
        // The URL works as a context reference too: the same names, from the broker's own store.
        given().header("NGSILD-Tenant", tenant).header("Link", link(url)).get(ENTITIES + "/" + id).then().statusCode(200)
                .body("type", equalTo("Vehicle"));
        problem(given().delete(path(url) + "?reload=true").then(), 400, "BadRequestData");
        given().delete(path(url)).then().statusCode(204);
        problem(given().get(path(url)).then(), 404, "ResourceNotFound");
    }

    @Test
    void aWriteWithAnInlineContextStoresItAsImplicitlyCreatedEvenWithoutAResponseBody() throws Exception {
        String id = "urn:ngsi-ld:Lamp:" + java.util.UUID.randomUUID();
        String body = fixture("lamp-inline-context.jsonld").replace("{{id}}", id);
        given().header("NGSILD-Tenant", tenant).contentType("application/ld+json").body(body).post(ENTITIES)
                .then().statusCode(201);
        JsonNode inline = MAPPER.readTree(body).get("@context");
        List<String> implicit = given().get(CONTEXTS + "?kind=ImplicitlyCreated").then().statusCode(200)
                .extract().jsonPath().getList("$", String.class);
        List<JsonNode> documents = new java.util.ArrayList<>();
        for (String url : implicit) {
            documents.add(MAPPER.readTree(given().get(path(url)).then().statusCode(200).extract().asString()).get("@context"));
        }
        assertThat(documents).contains(inline);
    }

    @Test
    void invalidBodiesAre400AndStoreNothing() {
        int before = given().get(CONTEXTS + "?kind=Hosted").then().extract().jsonPath().getList("$").size();
        problem(given().contentType("application/json").body("{\"@context\": ").post(CONTEXTS).then(), 400, "InvalidRequest");
        // not the JSON object with a root @context member that the binding defines as the body (clause 6.29.3.1)
        problem(given().contentType("application/json").body("[]").post(CONTEXTS).then(), 400, "InvalidRequest");
        problem(given().contentType("application/json").body("{\"name\": \"x\"}").post(CONTEXTS).then(), 400, "InvalidRequest");
        problem(given().contentType("application/json").body("{\"@context\": 42}").post(CONTEXTS).then(), 400, "BadRequestData");
        problem(given().contentType("application/json").body(fixture("invalid-term-context.json")).post(CONTEXTS).then(),
                400, "BadRequestData");
        problem(given().contentType("application/json").body("{\"@context\": \"file:///etc/passwd\"}").post(CONTEXTS).then(),
                400, "BadRequestData");
        problem(given().contentType("text/plain").body(fixture("vehicle-context-v1.jsonld")).post(CONTEXTS).then(), 415, "InvalidRequest");
        problem(given().contentType("application/json").body("{\"@context\": \"" + ContextServer.closedPortUrl() + "\"}")
                .post(CONTEXTS).then(), 503, "LdContextNotAvailable");
        assertThat(given().get(CONTEXTS + "?kind=Hosted").then().extract().jsonPath().getList("$")).hasSize(before);
    }

    @Test
    void hostedContextsAreReloadedFromTheStoreAtStartUp() throws Exception {
        String location = host(fixture("vehicle-context-v1.jsonld"));
        String localId = location.substring(location.lastIndexOf('/') + 1);

        // What start-up does, into a fresh cache against the same store: the hosted document is back.
        ContextCache restarted = new ContextCache(JsonLdConfig.defaults());
        store.loadInto(restarted).await().indefinitely();
        JsonNode expected = MAPPER.readTree(fixture("vehicle-context-v1.jsonld"));
        assertThat(restarted.get(localId)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(ContextCache.Kind.HOSTED);
            assertThat(e.document()).isEqualTo(expected);
        });
        TitaniumContextResolver resolver = new TitaniumContextResolver(restarted, 10);
        assertThat(resolver.resolveUrl(location).expand("colour")).isEqualTo("https://example.org/v1/colour");

        given().delete(path(location)).then().statusCode(204);
        ContextCache afterDelete = new ContextCache(JsonLdConfig.defaults());
        store.loadInto(afterDelete).await().indefinitely();
        assertThat(afterDelete.get(localId)).isEmpty();
    }

    @Test
    void membersBesideTheContextAreDiscarded() throws Exception {
        String url = host("{\"@context\": {\"colour\": \"https://example.org/colour\"}, \"note\": \"not part of it\"}");
        JsonNode served = MAPPER.readTree(given().get(path(url)).then().statusCode(200).extract().asString());
        assertThat(served).isEqualTo(MAPPER.readTree("{\"@context\": {\"colour\": \"https://example.org/colour\"}}"));
    }

    @Test
    void theCoreContextIsListedAsCachedAndCannotBeDeleted() {
        String core = CoreContext.URL;
        assertThat(given().get(CONTEXTS + "?kind=Cached").then().statusCode(200).extract().jsonPath().getList("$", String.class))
                .contains(core);
        given().get(CONTEXTS + "?details=TRUE").then().statusCode(200)
                .body("find { it.URL == '" + core + "' }.kind", equalTo("Cached"))
                .body("find { it.URL == '" + core + "' }.createdAt", notNullValue());
        // any versioned core URL names it (the broker serves them all from its built-in copy)
        String older = URLEncoder.encode("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld", StandardCharsets.UTF_8);
        given().urlEncodingEnabled(false).get(CONTEXTS + "/" + older + "?details=True").then().statusCode(200)
                .body("URL", equalTo(core)).body("kind", equalTo("Cached"));
        problem(given().urlEncodingEnabled(false).get(CONTEXTS + "/" + older).then(), 422, "OperationNotSupported");
        problem(given().urlEncodingEnabled(false).delete(CONTEXTS + "/" + older).then(), 400, "BadRequestData");
        problem(given().urlEncodingEnabled(false).delete(CONTEXTS + "/" + older + "?reload=false").then(), 400, "BadRequestData");
        // reloading keeps the built-in copy (it is never fetched)
        given().urlEncodingEnabled(false).delete(CONTEXTS + "/" + older + "?reload=true").then().statusCode(204);
        given().urlEncodingEnabled(false).get(CONTEXTS + "/" + older + "?details=true").then().statusCode(200);
    }

    @Test
    void reloadOfADocumentThatIsNoLongerAContextIs503AndKeepsTheHeldCopy() {
        String url = server.body("/changing.jsonld", ContextServer.read("vehicle-context-v1.jsonld")).url("/changing.jsonld");
        createVehicle(url);
        server.body("/changing.jsonld", "{\"no\": \"context\"}".getBytes(StandardCharsets.UTF_8));
        problem(given().delete(CONTEXTS + "/" + ContextUrls.cachedId(url) + "?reload=true").then(), 503, "LdContextNotAvailable");
        given().get(CONTEXTS + "/" + ContextUrls.cachedId(url) + "?details=true").then().statusCode(200).body("kind", equalTo("Cached"));
    }
}
