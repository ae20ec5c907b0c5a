package org.civicbroker.subscription;

import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The subscription resource (clause 5.8): create, retrieve, list with paging, update, delete, validation. */
@QuarkusTest
class SubscriptionApiTest {

    static final String BASE = "/ngsi-ld/v1/subscriptions";

    static String create(String tenant, String body) {
        String location = in(tenant).contentType(JSON).body(body).when().post(BASE).then().statusCode(201)
                .header("Location", containsString(BASE + "/")).extract().header("Location");
        return java.net.URLDecoder.decode(location.substring(location.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

    static String path(String id) {
        return BASE + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void createRetrieveUpdateDelete() {
        String tenant = newTenant();
        String id = create(tenant, fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n"));
        in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200)
                .body("id", equalTo(id))
                .body("type", equalTo("Subscription"))
                .body("entities[0].type", equalTo("Vehicle"))
                .body("watchedAttributes[0]", equalTo("speed"))
                .body("q", equalTo("speed>50"))
                .body("status", equalTo("active"))
                // clause 5.2.12/5.2.14: what the client set and what the broker tracks, nothing invented
                .body("isActive", nullValue())
                .body("notificationTrigger", org.hamcrest.Matchers.contains("attributeCreated", "attributeUpdated"))
                .body("notification.format", equalTo("keyValues"))
                .body("notification.attributes[0]", equalTo("speed"))
                .body("notification.status", nullValue())
                .body("notification.timesSent", nullValue())
                .body("notification.endpoint.receiverInfo[0].key", equalTo("X-Borough"))
                .body("createdAt", nullValue());
        in(tenant).accept(JSON).when().get(path(id) + "?options=sysAttrs").then().statusCode(200)
                .body("createdAt", notNullValue());

        // clause 5.8.2.4: a fragment's notification is a NotificationParams, whose endpoint is mandatory
        problem(in(tenant).contentType(JSON).body("{\"notification\": {\"format\": \"concise\"}}").when().patch(path(id)).then(),
                400, "BadRequestData");
        in(tenant).contentType(JSON).body("{\"isActive\": false, \"notification\": {\"format\": \"concise\","
                + " \"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\"}}}")
                .when().patch(path(id)).then().statusCode(204);
        in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200)
                .body("status", equalTo("paused"))
                .body("isActive", equalTo(false))
                .body("notification.format", equalTo("concise"))
                .body("notification.endpoint.uri", equalTo("http://127.0.0.1:9/n"));

        in(tenant).when().delete(path(id)).then().statusCode(204);
        problem(in(tenant).when().get(path(id)).then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(path(id)).then(), 404, "ResourceNotFound");
    }

    @Test
    void listPagesAndCounts() {
        String tenant = newTenant();
        for (int i = 0; i < 5; i++) {
            create(tenant, fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n" + i));
        }
        in(tenant).accept(JSON).when().get(BASE + "?limit=2&offset=1&count=true").then().statusCode(200)
                .header("NGSILD-Results-Count", "5")
                .body("$", hasSize(2))
                .body("[0].notification.endpoint.uri", equalTo("http://127.0.0.1:9/n1"));
        var links = in(tenant).accept(JSON).when().get(BASE + "?limit=2&offset=1&count=true").then().extract()
                .headers().getValues("Link");
        org.assertj.core.api.Assertions.assertThat(links)
                .contains("</ngsi-ld/v1/subscriptions?count=true&limit=2&offset=3>; rel=\"next\"; type=\"application/json\"",
                        "</ngsi-ld/v1/subscriptions?count=true&limit=2&offset=0>; rel=\"prev\"; type=\"application/json\"");
        // the canonical path, not the trailing slash the client sent; typed with the answer's media type
        var slashed = in(tenant).accept(LD_JSON).when().get(BASE + "/?limit=2&offset=1").then().extract().headers().getValues("Link");
        org.assertj.core.api.Assertions.assertThat(slashed)
                .contains("</ngsi-ld/v1/subscriptions?limit=2&offset=3>; rel=\"next\"; type=\"application/ld+json\"");
        var last = in(tenant).accept(JSON).when().get(BASE + "?limit=2&offset=3").then().extract().headers().getValues("Link");
        org.assertj.core.api.Assertions.assertThat(last).noneMatch(l -> l.contains("rel=\"next\""));
        in(tenant).accept(JSON).when().get(BASE).then().statusCode(200).body("$", hasSize(5));
        problem(in(tenant).when().get(BASE + "?limit=-1").then(), 400, "BadRequestData");
        problem(in(tenant).when().get(BASE + "?bogus=1").then(), 400, "InvalidRequest");
        problem(in(newTenant()).when().get(BASE).then(), 404, "NonexistentTenant");
    }

    @Test
    void compactsWithTheReadersContextAndEmbedsItForJsonLd() {
        String tenant = newTenant();
        String id = in(tenant).contentType(LD_JSON).body(fixture("subscription-ld.jsonld")).when().post(BASE)
                .then().statusCode(201).extract().header("Location");
        String sid = java.net.URLDecoder.decode(id.substring(id.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        in(tenant).accept(LD_JSON).when().get(path(sid)).then().statusCode(200)
                .body("'@context'", notNullValue())
                .body("entities[0].type", equalTo("https://example.org/Vehicle"))
                .body("watchedAttributes[0]", equalTo("https://example.org/speed"));
    }

    @Test
    void explicitIdAndConflict() {
        String tenant = newTenant();
        String body = fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n")
                .replaceFirst("\\{", "{\"id\": \"urn:ngsi-ld:Subscription:mine\",");
        create(tenant, body);
        problem(in(tenant).contentType(JSON).body(body).when().post(BASE).then(), 409, "AlreadyExists");
        in(tenant).accept(JSON).when().get(path("urn:ngsi-ld:Subscription:mine")).then().statusCode(200);
    }

    @Test
    void rejectsInvalidPayloadsWith400AndStoresNothing() {
        String tenant = newTenant();
        String good = fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n");
        String[] bad = {
            good.replace("\"type\": \"Subscription\"", "\"type\": \"Entity\""),
            good.replace("\"watchedAttributes\": [\"speed\"]", "\"watchedAttributes\": []"),
            good.replace("speed>50", "speed>>"),
            good.replace("\"keyValues\"", "\"xml\""),
            good.replace("http://127.0.0.1:9/n", "not a uri"),
            good.replace("\"q\": \"speed>50\"", "\"timeInterval\": 5"),
            good.replace("\"q\": \"speed>50\"", "\"throttling\": -1"),
            good.replace("\"q\": \"speed>50\"", "\"expiresAt\": \"2000-01-01T00:00:00Z\""),
            good.replace("\"q\": \"speed>50\"", "\"isActive\": \"no\""),
            good.replace("\"q\": \"speed>50\"", "\"colour\": \"blue\""),
            "[]",
        };
        for (String b : bad) {
            // q syntax errors are InvalidRequest as on GET /entities; every other member BadRequestData
            problem(in(tenant).contentType(JSON).body(b).when().post(BASE).then(), 400, b.contains("speed>>") ? "InvalidRequest" : "BadRequestData");
        }
        problem(in(tenant).contentType(JSON).body("{\"type\": \"Subscription\"}").when().post(BASE).then(), 400, "BadRequestData");
        String id = create(tenant, good);
        problem(in(tenant).contentType(JSON).body("{\"q\": \"((\"}").when().patch(path(id)).then(), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body("{\"id\": \"urn:x:other\"}").when().patch(path(id)).then(), 400, "BadRequestData");
        in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200).body("q", equalTo("speed>50"));
        problem(in(tenant).when().get(BASE + "/not-a-uri").then(), 400, "BadRequestData");
        in(tenant).accept(JSON).when().get(BASE).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void readBackShowsTheSetMembersAndTheImplicitContextOfAnInlineOne() {
        String tenant = newTenant();
        String id = in(tenant).contentType(LD_JSON).body(fixture("inline-context-subscription.jsonld",
                "context", "{\"delay\": \"https://example.org/delay\"}", "id", "urn:ngsi-ld:Tram:t1", "uri", "http://127.0.0.1:9/n")).when().post(BASE)
                .then().statusCode(201).extract().header("Location");
        String sid = java.net.URLDecoder.decode(id.substring(id.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        // clause 5.13.1: an inline @context is served as an implicitly created context; the read-back names it
        String url = in(tenant).accept(JSON).when().get(path(sid)).then().statusCode(200)
                .body("jsonldContext", containsString("/ngsi-ld/v1/jsonldContexts/"))
                .extract().jsonPath().getString("jsonldContext");
        io.restassured.RestAssured.given().get(java.net.URI.create(url).getPath()).then().statusCode(200);
    }

    @Test
    void datasetIdPickOmitArraysAndEncodedQAreAccepted() {
        String tenant = newTenant();
        String body = fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n")
                .replace("\"q\": \"speed>50\"", "\"q\": \"name==%22Camden%20Road%22\", \"datasetId\": [\"urn:ngsi-ld:Dataset:gps\", \"@none\"]");
        String id = create(tenant, body);
        in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200)
                .body("datasetId", org.hamcrest.Matchers.contains("urn:ngsi-ld:Dataset:gps", "@none"));
        String picked = fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n")
                .replace("\"attributes\": [\"speed\"]", "\"pick\": [\"id\", \"speed\"]");
        create(tenant, picked);
        problem(in(tenant).contentType(JSON).body(picked.replace("[\"id\", \"speed\"]", "[]")).when().post(BASE).then(),
                400, "BadRequestData");
        problem(in(tenant).contentType(JSON).body(body.replace("\"@none\"", "\"not a uri\"")).when().post(BASE).then(),
                400, "BadRequestData");
    }

    @Test
    void anUnreachableJsonldContextIs503AndStoresNothing() {
        String tenant = newTenant();
        String body = fixture("vehicle-speed.json", "uri", "http://127.0.0.1:9/n")
                .replace("\"q\": \"speed>50\"", "\"jsonldContext\": \"http://127.0.0.1:9/missing-context.jsonld\"");
        problem(in(tenant).contentType(JSON).body(body).when().post(BASE).then(), 503, "LdContextNotAvailable");
    }
}
