package org.civicbroker.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Data ownership (issue 17): a tenant exported and imported into a new tenant has identical entities,
 * history, subscriptions and register; an import into a tenant that holds data is refused.
 */
@QuarkusTest
class TenantTransferApiTest {

    private static String fixture(String name) {
        try (InputStream in = TenantTransferApiTest.class.getResourceAsStream("/fixtures/register/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestSpecification as(String tenant) {
        return given().header("NGSILD-Tenant", tenant).contentType("application/json");
    }

    private static List<String> sortedLines(String body) {
        return Arrays.stream(body.split("\n")).filter(l -> !l.isBlank()).sorted().toList();
    }

    @Test
    void exportedTenantImportsIdentically() throws InterruptedException {
        String source = "t-" + UUID.randomUUID();
        as(source).body(fixture("air-quality.json")).put("/ngsi-ld/v1/x-register/datasets/AirQualityReading").then().statusCode(201);
        as(source).body(fixture("profile.json")).put("/ngsi-ld/v1/x-register/profile").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            as(source).body(fixture("air-entity.json").replace("{{id}}", "urn:ngsi-ld:AirQualityReading:" + i))
                    .post("/ngsi-ld/v1/entities").then().statusCode(201);
        }
        as(source).body(fixture("air-history.json").replace("{{id}}", "urn:ngsi-ld:AirQualityReading:h"))
                .post("/ngsi-ld/v1/temporal/entities").then().statusCode(201);
        as(source).body(fixture("subscription.json").replace("{{id}}", "urn:ngsi-ld:Subscription:s1")
                .replace("{{uri}}", "http://127.0.0.1:9/notify")).post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        String history = "";
        while (Instant.now().isBefore(end)) {  // the recorder writes the entities' history after the writes
            history = as(source).get("/ngsi-ld/v1/x-export/all/history").then().statusCode(200).extract().asString();
            if (sortedLines(history).size() >= 10) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(sortedLines(history)).hasSize(10);  // 3 x (NO2, location) + 4 NO2 instances

        String dump = as(source).get("/ngsi-ld/v1/x-export/tenant").then().statusCode(200).extract().asString();
        assertThat(dump).contains("\"collection\":\"entities\"", "\"collection\":\"temporalBuckets\"",
                "\"collection\":\"subscriptions\"", "\"collection\":\"registerEntries\"", "\"collection\":\"registerProfile\"");

        String target = "t-" + UUID.randomUUID();
        given().header("NGSILD-Tenant", target).contentType("application/x-ndjson").body(dump.getBytes(StandardCharsets.UTF_8))
                .post("/ngsi-ld/v1/x-export/tenant").then().statusCode(200)
                .body("documents", org.hamcrest.Matchers.equalTo(sortedLines(dump).size()))
                .body("subscriptions", org.hamcrest.Matchers.equalTo(1));

        for (String path : List.of("/ngsi-ld/v1/x-export/all/entities", "/ngsi-ld/v1/x-export/all/history",
                "/ngsi-ld/v1/x-export/all/entities?format=csv")) {
            assertThat(sortedLines(as(target).get(path).then().statusCode(200).extract().asString()))
                    .as(path).isEqualTo(sortedLines(as(source).get(path).then().statusCode(200).extract().asString()));
        }
        assertThat(as(target).get("/ngsi-ld/v1/entities?type=AirQualityReading&limit=100").then().statusCode(200).extract().asString())
                .isEqualTo(as(source).get("/ngsi-ld/v1/entities?type=AirQualityReading&limit=100").then().extract().asString());
        assertThat(as(target).get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityReading:h").then().statusCode(200).extract().asString())
                .isEqualTo(as(source).get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityReading:h").then().extract().asString());
        as(target).get("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:s1").then().statusCode(200);
        assertThat(as(target).get("/ngsi-ld/v1/x-register/datasets").then().statusCode(200).extract().asString())
                .isEqualTo(as(source).get("/ngsi-ld/v1/x-register/datasets").then().extract().asString());
        given().accept("application/json").get("/transparency/" + target).then().statusCode(200);

        // a tenant that holds data is not overwritten; a malformed line is reported with its number
        given().header("NGSILD-Tenant", source).contentType("application/x-ndjson").body(dump.getBytes(StandardCharsets.UTF_8))
                .post("/ngsi-ld/v1/x-export/tenant").then().statusCode(409);
        given().header("NGSILD-Tenant", "t-" + UUID.randomUUID()).contentType("application/x-ndjson").body("{\"collection\": 1}\n".getBytes(StandardCharsets.UTF_8))
                .post("/ngsi-ld/v1/x-export/tenant").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("Line 1"));
        given().header("NGSILD-Tenant", "t-" + UUID.randomUUID()).get("/ngsi-ld/v1/x-export/tenant").then().statusCode(404);
    }

    /**
     * The import is streamed, not bounded by NGSILD_MAX_BODY_SIZE (8 MB in tests as in production): a
     * 10 MB export imports whole, sent with a Content-Length and sent chunked, while an entity create of
     * the same size is still refused with 413.
     */
    @Test
    void importLargerThanTheBodyLimitIsStreamed() throws IOException {
        String source = "t-" + UUID.randomUUID();
        String note = "x".repeat(4000);
        as(source).body(fixture("air-entity.json").replace("{{id}}", "urn:ngsi-ld:AirQualityReading:big")
                .replace("\"NO2\"", "\"note\": {\"type\": \"Property\", \"value\": \"" + note + "\"}, \"NO2\""))
                .post("/ngsi-ld/v1/entities").then().statusCode(201);
        String dump = as(source).get("/ngsi-ld/v1/x-export/tenant").then().statusCode(200).extract().asString();
        String entityLine = Arrays.stream(dump.split("\n")).filter(l -> l.contains("\"collection\":\"entities\"")).findFirst().orElseThrow();
        int copies = 2500;
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < copies; i++) {
            big.append(entityLine.replace("urn:ngsi-ld:AirQualityReading:big", "urn:ngsi-ld:AirQualityReading:big-" + i)).append('\n');
        }
        byte[] body = big.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).as("import body size").isGreaterThan(10 * 1024 * 1024);

        String target = "t-" + UUID.randomUUID();
        given().header("NGSILD-Tenant", target).contentType("application/x-ndjson").body(body)
                .post("/ngsi-ld/v1/x-export/tenant").then().statusCode(200)
                .body("documents", org.hamcrest.Matchers.equalTo(copies));
        as(target).get("/ngsi-ld/v1/entities?type=AirQualityReading&count=true&limit=0").then().statusCode(200)
                .header("NGSILD-Results-Count", String.valueOf(copies));
        as(target).get("/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityReading:big-" + (copies - 1)).then().statusCode(200)
                .body("note.value", org.hamcrest.Matchers.equalTo(note));

        String chunkedTarget = "t-" + UUID.randomUUID();
        given().header("NGSILD-Tenant", chunkedTarget).contentType("application/x-ndjson")
                .body(new java.io.ByteArrayInputStream(body))
                .post("/ngsi-ld/v1/x-export/tenant").then().statusCode(200)
                .body("documents", org.hamcrest.Matchers.equalTo(copies));

        String tooLarge = "{\"id\":\"urn:ngsi-ld:AirQualityReading:huge\",\"type\":\"AirQualityReading\",\"note\":{\"type\":\"Property\",\"value\":\""
                + "x".repeat(body.length) + "\"}}";
        as(source).body(tooLarge).post("/ngsi-ld/v1/entities").then().statusCode(413);
    }
}
