package org.civicbroker.jsonld;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * User @context handling end to end: a Smart Data Models context served over HTTP (loopback) expands
 * the names on write and compacts them on read; without it the same data reads back as full IRIs; an
 * unreachable context is 503 LdContextNotAvailable; a non-http context URL is 400.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextApiTest {

    private static final String SDM = "https://smartdatamodels.org/dataModel.Environment/";
    private static final String ENTITIES = "/ngsi-ld/v1/entities";
    private static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";

    private ContextServer server;
    private String contextUrl;

    @BeforeAll
    void serveContext() {
        server = new ContextServer().fixture("environment-context.jsonld");
        contextUrl = server.url("/environment-context.jsonld");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    /** Creates the fixture entity with the served context in its body; returns its id. */
    private String create(String tenant) {
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        String body = new String(ContextServer.read("air-quality-entity.jsonld"), StandardCharsets.UTF_8)
                .replace("{{id}}", id).replace("{{context}}", contextUrl);
        given().header("NGSILD-Tenant", tenant).contentType("application/ld+json").body(body)
                .post(ENTITIES).then().statusCode(201);
        return id;
    }

    @Test
    void namesCompactWithTheContextTheyWereWrittenWith() {
        String tenant = "t-" + UUID.randomUUID();
        String id = create(tenant);
        given().header("NGSILD-Tenant", tenant).header("Link", link(contextUrl))
                .get(ENTITIES + "/" + id)
                .then().statusCode(200)
                .header("Link", link(contextUrl))
                .body("type", equalTo("AirQualityObserved"))
                .body("airQualityIndex.value", equalTo(42))
                .body("no2.unitCode", equalTo("GQ"));
    }

    @Test
    void withoutTheContextNamesReadBackAsIris() {
        String tenant = "t-" + UUID.randomUUID();
        String id = create(tenant);
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + id)
                .then().statusCode(200)
                .body("type", equalTo(SDM + "AirQualityObserved"))
                .body("'" + SDM + "no2'.value", equalTo(31.5f))
                .body("no2", nullValue());
    }

    @Test
    void queriesExpandTypesAndAttributesWithTheLinkedContext() {
        String tenant = "t-" + UUID.randomUUID();
        String id = create(tenant);
        given().header("NGSILD-Tenant", tenant).header("Link", link(contextUrl))
                .queryParam("type", "AirQualityObserved").queryParam("q", "no2>30")
                .get(ENTITIES)
                .then().statusCode(200).body("id", hasItem(id)).body("[0].no2.value", equalTo(31.5f));
        // the core context alone expands AirQualityObserved to the default vocabulary: another type
        given().header("NGSILD-Tenant", tenant).queryParam("type", "AirQualityObserved")
                .get(ENTITIES)
                .then().statusCode(200).body("$", hasSize(0));
        given().header("NGSILD-Tenant", tenant).header("Link", link(contextUrl))
                .get("/ngsi-ld/v1/types")
                .then().statusCode(200).body("typeList", hasItem("AirQualityObserved"));
    }

    @Test
    void ldJsonResponsesEchoTheContextInTheBody() {
        String tenant = "t-" + UUID.randomUUID();
        String id = create(tenant);
        given().header("NGSILD-Tenant", tenant).header("Link", link(contextUrl)).accept("application/ld+json")
                .get(ENTITIES + "/" + id)
                .then().statusCode(200)
                .header("Link", nullValue())
                .body("'@context'", equalTo(contextUrl))
                .body("no2.value", equalTo(31.5f));
    }

    @Test
    void unreachableContextIs503AndStoresNothing() {
        String tenant = "t-" + UUID.randomUUID();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        given().header("NGSILD-Tenant", tenant).header("Link", link(ContextServer.closedPortUrl()))
                .contentType("application/json")
                .body("{\"id\": \"" + id + "\", \"type\": \"AirQualityObserved\", \"no2\": 1}")
                .post(ENTITIES)
                .then().statusCode(503).contentType("application/json")
                .body("type", equalTo(ERRORS + "LdContextNotAvailable"));
        given().header("NGSILD-Tenant", tenant).get(ENTITIES + "/" + id).then().statusCode(404);
    }

    @Test
    void nonHttpContextUrlIsRejected() {
        given().contentType("application/ld+json")
                .body("{\"id\": \"urn:ngsi-ld:X:1\", \"type\": \"X\", \"@context\": \"file:///etc/passwd\"}")
                .post(ENTITIES)
                .then().statusCode(400).body("type", equalTo(ERRORS + "BadRequestData"));
    }
}
