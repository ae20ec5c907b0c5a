package org.civicbroker.jsonld;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.civicbroker.subscription.SubscriptionFixtures;
import org.junit.jupiter.api.Test;

/**
 * Clause 5.13.3.5 numberOfHits ("number of times the @context was found in the storage") and the life of the
 * implicitly created @context of a subscription (clause 5.13.1). A hit is a client request that names the
 * @context (Link header, body @context, or a context that refers to it) or a Serve @context operation (content or
 * details, which reports the entry as found); the broker's own lookups (a subscription read back, loaded,
 * notifying) are not hits, and creating an implicit @context is no hit of it.
 */
@QuarkusTest
class ContextHitsApiTest {

    private static final String CONTEXTS = "/ngsi-ld/v1/jsonldContexts";
    private static final String SUBS = "/ngsi-ld/v1/subscriptions";
    private final String tenant = "t-" + UUID.randomUUID();

    private static String fixture(String name) {
        return new String(ContextServer.read(name), StandardCharsets.UTF_8);
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static long hits(String path) {
        return given().get(path + "?details=true").then().statusCode(200).extract().jsonPath().getLong("numberOfHits");
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    /** A context value no other test uses (implicit contexts are shared by content across tenants). */
    private static String uniqueContext() {
        return fixture("unique-inline-context.json").replace("{{ns}}", UUID.randomUUID().toString());
    }

    private String subscribe(String context) {
        String body = SubscriptionFixtures.fixture("inline-context-subscription.jsonld", "context", context,
                "id", "urn:ngsi-ld:Tram:" + UUID.randomUUID(), "uri", "http://127.0.0.1:9/notify");
        String location = given().header("NGSILD-Tenant", tenant).contentType("application/ld+json").body(body).post(SUBS)
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String implicitOf(String subscriptionId) {
        return given().header("NGSILD-Tenant", tenant).get(SUBS + "/" + subscriptionId).then().statusCode(200)
                .extract().jsonPath().getString("jsonldContext");
    }

    @Test
    void requestsNamingAHostedContextAndServesOfItAreHitsEachReportedFromTheNextLookupOn() {
        String location = given().contentType("application/json").body(fixture("vehicle-context-v1.jsonld")).post(CONTEXTS)
                .then().statusCode(201).header("Location", startsWith(ContextUrls.PATH)).extract().header("Location");
        String url = "http://localhost:" + io.restassured.RestAssured.port + location;
        assertThat(hits(location)).as("added, never found yet").isZero();

        String id = "urn:ngsi-ld:Vehicle:" + UUID.randomUUID();
        given().header("NGSILD-Tenant", tenant).header("Link", link(url)).contentType("application/json")
                .body(fixture("vehicle-entity.json").replace("{{id}}", id)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        // the previous details read was the first hit, the entity creation the second
        assertThat(hits(location)).isEqualTo(2);
        assertThat(hits(location)).isEqualTo(3);
        given().get(location).then().statusCode(200);
        assertThat(hits(location)).isEqualTo(5);
        given().header("NGSILD-Tenant", tenant).header("Link", link(url)).get("/ngsi-ld/v1/entities/" + id)
                .then().statusCode(200).body("type", equalTo("Vehicle"));
        assertThat(hits(location)).isEqualTo(7);
    }

    @Test
    void addingAnInlineContextStoresItAsHostedOnly() throws Exception {
        String context = uniqueContext();
        given().contentType("application/json").body("{\"@context\": " + context + "}").post(CONTEXTS).then().statusCode(201);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String url : given().get(CONTEXTS + "?kind=ImplicitlyCreated").then().statusCode(200).extract().jsonPath()
                .getList("$", String.class)) {
            String served = given().get(path(url)).then().statusCode(200).extract().asString();
            assertThat(mapper.readTree(served).get("@context")).isNotEqualTo(mapper.readTree(context));
        }
    }

    @Test
    void readingSubscriptionsBackIsNoHitOfTheirImplicitContext() {
        String context = uniqueContext();
        String first = subscribe(context);
        String url = implicitOf(first);
        assertThat(path(url)).startsWith(ContextUrls.PATH);
        given().header("NGSILD-Tenant", tenant).get(SUBS + "/" + first).then().statusCode(200);
        given().header("NGSILD-Tenant", tenant).get(SUBS).then().statusCode(200);
        assertThat(hits(path(url))).as("created for the subscription, read back three times").isZero();

        subscribe(context);  // the same inline value again: the implicit context is found in the storage
        assertThat(hits(path(url))).isEqualTo(2);
    }

    @Test
    void theImplicitContextOfASubscriptionGoesWithTheLastSubscriptionWrittenWithIt() {
        String context = uniqueContext();
        String first = subscribe(context);
        String second = subscribe(context);
        String url = implicitOf(first);
        assertThat(implicitOf(second)).isEqualTo(url);

        given().header("NGSILD-Tenant", tenant).delete(SUBS + "/" + first).then().statusCode(204);
        given().get(path(url)).then().statusCode(200);  // still the context of the second subscription
        // patched to a context given by URL: the inline value is used by no subscription any more
        given().header("NGSILD-Tenant", tenant).contentType("application/ld+json")
                .body("{\"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld\", \"description\": \"core\"}")
                .patch(SUBS + "/" + second).then().statusCode(204);
        given().get(path(url)).then().statusCode(404);
        assertThat(given().get(CONTEXTS + "?kind=ImplicitlyCreated").then().statusCode(200).extract().jsonPath()
                .getList("$", String.class)).doesNotContain(url);

        String third = subscribe(context);  // written with it again: created again, under the same id
        assertThat(implicitOf(third)).isEqualTo(url);
        given().get(path(url)).then().statusCode(200);
        given().header("NGSILD-Tenant", tenant).delete(SUBS + "/" + third).then().statusCode(204);
        given().get(path(url)).then().statusCode(404);
        List<String> left = given().get(CONTEXTS).then().statusCode(200).extract().jsonPath().getList("$", String.class);
        assertThat(left).doesNotContain(url);
    }
}
