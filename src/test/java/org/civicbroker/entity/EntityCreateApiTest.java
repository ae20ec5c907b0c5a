package org.civicbroker.entity;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.CORE_LINK;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.assertAbsent;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** POST /ngsi-ld/v1/entities (clause 5.6.1): success, content types and @context rules, and every rejection. */
@QuarkusTest
class EntityCreateApiTest {

    @TestHTTPResource("/")
    URL root;

    private final String tenant = newTenant();

    @Test
    void createsTheEntityWithALocationThatRetrievesIt() {
        String id = newId("Building");
        String location = in(tenant).contentType(JSON).body(fixture("building.json", id))
                .when().post(BASE)
                .then().statusCode(201)
                .header("Location", equalTo(BASE + "/" + id))  // relative, the id as given (clause 6.4.3.1)
                .extract().header("Location");

        String body = in(tenant).accept(JSON).when().get(URI.create(location).getPath())
                .then().statusCode(200).extract().asString();
        assertThatJson(body).isEqualTo(fixture("building.json", id));
    }

    @Test
    void acceptsJsonLdWithAnInlineContext() {
        String id = newId("Building");
        in(tenant).contentType(LD_JSON).body(fixture("building-inline-context.jsonld", id))
                .when().post(BASE).then().statusCode(201);

        // Read back under the core context only, the user's terms appear expanded.
        String body = get(tenant, id).extract().asString();
        assertThatJson(body).node("type").isEqualTo("https://example.org/civic/Building");
        assertThatJson(body).node("https://example\\.org/civic/name.value").isEqualTo("Town Hall");
        assertThatJson(body).node("name").isAbsent();
    }

    @Test
    void acceptsJsonLdWithTheCoreContextUrl() {
        String id = newId("Building");
        in(tenant).contentType(LD_JSON).body(fixture("building-core-context.jsonld", id))
                .when().post(BASE).then().statusCode(201);
        get(tenant, id).body("type", equalTo("Building")).body("name.value", equalTo("Town Hall"));
    }

    @Test
    void acceptsJsonWithACoreContextLinkHeader() {
        String id = newId("Building");
        in(tenant).contentType(JSON).header("Link", CORE_LINK).body(fixture("building.json", id))
                .when().post(BASE).then().statusCode(201);
        get(tenant, id).body("name.value", equalTo("Town Hall"));
    }

    @Test
    void acceptsAContentTypeWithACharset() {
        String id = newId("Building");
        in(tenant).contentType("application/json; charset=utf-8").body(fixture("building.json", id))
                .when().post(BASE).then().statusCode(201);
        get(tenant, id);
    }

    @Test
    void rejectsJsonLdWithALinkHeader() {
        String id = newId("Building");
        problem(in(tenant).contentType(LD_JSON).header("Link", CORE_LINK)
                .body(fixture("building-core-context.jsonld", id)).when().post(BASE).then(), 400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsJsonLdWithoutContext() {
        String id = newId("Building");
        problem(in(tenant).contentType(LD_JSON).body(fixture("no-context.jsonld", id)).when().post(BASE).then(),
                400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAJsonBodyWithContext() {
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("building-core-context.jsonld", id)).when().post(BASE).then(),
                400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsTextPlainWith415() {
        String id = newId("Building");
        problem(in(tenant).contentType("text/plain").body(fixture("building.json", id)).when().post(BASE).then(),
                415, "InvalidRequest");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAMissingContentTypeWith415() throws Exception {
        String id = newId("Building");
        HttpResponse<String> r = send(HttpRequest.newBuilder(root.toURI().resolve(BASE))
                .header(ApiSupport.TENANT, tenant)
                .POST(HttpRequest.BodyPublishers.ofString(fixture("building.json", id))));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(JSON));
        assertThatJson(r.body()).node("type").isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAnEmptyBody() {
        problem(in(tenant).contentType(JSON).body("").when().post(BASE).then(), 400, "InvalidRequest");
    }

    @Test
    void rejectsInvalidJson() {
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("malformed.json", id)).when().post(BASE).then(),
                400, "InvalidRequest");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAJsonArray() {
        // not an entity at all: wrong content for the operation, as for a body that is not JSON (clause 5.5.2)
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("array-body.json", id)).when().post(BASE).then(),
                400, "InvalidRequest");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAnIdThatIsNotAUri() {
        problem(in(tenant).contentType(JSON).body(fixture("invalid-id.json")).when().post(BASE).then(),
                400, "BadRequestData");
    }

    @Test
    void rejectsAnEntityWithoutType() {
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("missing-type.json", id)).when().post(BASE).then(),
                400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsAnInvalidAttribute() {
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("invalid-attribute.json", id)).when().post(BASE).then(),
                400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsTwoInstancesWithTheSameDatasetId() {
        String id = newId("WeatherObserved");
        problem(in(tenant).contentType(JSON).body(fixture("duplicate-dataset.json", id)).when().post(BASE).then(),
                400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsADuplicateWith409AndKeepsTheOriginal() {
        String id = newId("Building");
        create(tenant, fixture("building.json", id));
        problem(in(tenant).contentType(JSON).body(fixture("sensor.json", id)).when().post(BASE).then(),
                409, "AlreadyExists");
        assertThatJson(get(tenant, id).extract().asString()).isEqualTo(fixture("building.json", id));
    }

    @Test
    void rejectsAnUnknownQueryParameter() {
        String id = newId("Building");
        problem(in(tenant).contentType(JSON).body(fixture("building.json", id)).when().post(BASE + "?foo=bar").then(),
                400, "InvalidRequest");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsDeepNesting() {
        String id = newId("Building");
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            value.append("{\"a\":");
        }
        value.append("1");
        value.append("}".repeat(100));
        String body = "{\"id\":\"" + id + "\",\"type\":\"Building\",\"deep\":{\"type\":\"Property\",\"value\":" + value + "}}";
        problem(in(tenant).contentType(JSON).body(body).when().post(BASE).then(), 400, "BadRequestData");
        assertAbsent(tenant, id);
    }

    @Test
    void rejectsABodyOverTheSizeLimitWith413() throws Exception {
        String id = newId("Building");
        String body = "{\"id\":\"" + id + "\",\"type\":\"Building\",\"blob\":{\"type\":\"Property\",\"value\":\""
                + "x".repeat(overLimit()) + "\"}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(root.toURI().resolve(BASE))
                .header(ApiSupport.TENANT, tenant)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(JSON));
        assertThatJson(r.body()).node("status").isEqualTo(413);
        assertThatJson(r.body()).node("type").isString().startsWith("https://uri.etsi.org/ngsi-ld/errors/");
        assertAbsent(tenant, id);
    }

    @Test
    void acceptsAChunkedBodyUnderTheSizeLimit() throws Exception {
        String id = newId("Building");
        byte[] body = fixture("building.json", id).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(root.toURI().resolve(BASE))
                .header(ApiSupport.TENANT, tenant)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThatJson(get(tenant, id).extract().asString()).isEqualTo(fixture("building.json", id));
    }

    @Test
    void rejectsAChunkedBodyOverTheSizeLimitWith413() throws Exception {
        String id = newId("Building");
        byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"Building\",\"blob\":{\"type\":\"Property\",\"value\":\""
                + "x".repeat(overLimit()) + "\"}}").getBytes(StandardCharsets.UTF_8);
        // No Content-Length: the limit can only be noticed while reading.
        HttpResponse<String> r = send(HttpRequest.newBuilder(root.toURI().resolve(BASE))
                .header(ApiSupport.TENANT, tenant)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(JSON));
        assertThatJson(r.body()).node("status").isEqualTo(413);
        assertAbsent(tenant, id);
    }

    /** One MB more than the configured body limit (civic.http.max-body-size, NGSILD_MAX_BODY_SIZE). */
    private static int overLimit() {
        return (int) ConfigProvider.getConfig().getValue("civic.http.max-body-size", MemorySize.class)
                .asLongValue() + 1024 * 1024;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
