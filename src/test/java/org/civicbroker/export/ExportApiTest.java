package org.civicbroker.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civicbroker.common.http.RequestReader;
import org.junit.jupiter.api.Test;

/**
 * Exports (issue 17): NDJSON, CSV and GeoJSON of the current state and NDJSON and CSV of the history; the open
 * export holds only the register's open types and never a personal attribute, the admin export holds all.
 */
@QuarkusTest
class ExportApiTest {

    private static final String BASE = "/ngsi-ld/v1/x-export";
    private final String tenant = "t-" + UUID.randomUUID();
    private final List<String> air = List.of("urn:ngsi-ld:AirQualityReading:a-" + UUID.randomUUID(),
            "urn:ngsi-ld:AirQualityReading:b-" + UUID.randomUUID());

    private static String fixture(String name) {
        try (InputStream in = ExportApiTest.class.getResourceAsStream("/fixtures/register/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RequestSpecification as() {
        return given().header("NGSILD-Tenant", tenant).contentType("application/json");
    }

    /** Air quality (open) with a personal attribute "owner" (who hosts the sensor), and a damp sensor (personal). */
    private void example() {
        String entry = fixture("air-quality.json").replace("\"attributes\": {", "\"attributes\": {\n"
                + "    \"owner\": {\"description\": \"Resident hosting the sensor\", \"personalData\": \"personal\"},");
        as().body(entry).put("/ngsi-ld/v1/x-register/datasets/AirQualityReading").then().statusCode(201);
        as().body(fixture("damp-mould.json")).put("/ngsi-ld/v1/x-register/datasets/DampMouldReading").then().statusCode(201);
        for (String id : air) {
            String e = fixture("air-entity.json").replace("{{id}}", id)
                    .replace("\"NO2\"", "\"owner\": {\"type\": \"Property\", \"value\": \"Jane Resident, \\\"flat 2\\\"\"}, \"NO2\"");
            as().body(e).post("/ngsi-ld/v1/entities").then().statusCode(201);
        }
        as().body(fixture("damp-entity.json").replace("{{id}}", "urn:ngsi-ld:DampMouldReading:" + UUID.randomUUID()))
                .post("/ngsi-ld/v1/entities").then().statusCode(201);
    }

    private static List<JsonNode> ndjson(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(RequestReader.parse(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    @Test
    void ndjsonOpenLeavesOutClosedTypesAndPersonalAttributesAdminHasAll() {
        example();
        String open = as().get(BASE + "/open/entities").then().statusCode(200)
                .contentType(containsString("application/x-ndjson")).extract().asString();
        List<JsonNode> lines = ndjson(open);
        assertThat(lines).extracting(n -> n.get("id").asText()).containsExactlyInAnyOrderElementsOf(air);
        assertThat(lines).allSatisfy(n -> {
            assertThat(n.has("owner")).isFalse();
            assertThat(n.get("NO2").get("value").asDouble()).isEqualTo(41.5);
        });
        assertThat(open).doesNotContain("Jane");

        List<JsonNode> all = ndjson(as().get(BASE + "/all/entities").then().statusCode(200).extract().asString());
        assertThat(all).hasSize(3);
        assertThat(all).filteredOn(n -> n.get("type").asText().equals("AirQualityReading"))
                .allSatisfy(n -> assertThat(n.get("owner").get("value").asText()).isEqualTo("Jane Resident, \"flat 2\""));
        assertThat(ndjson(as().get(BASE + "/all/entities?type=DampMouldReading").then().statusCode(200).extract().asString()))
                .hasSize(1);
    }

    @Test
    void csvHasOneRowPerEntityWithKeyValuesColumns() {
        example();
        String open = as().get(BASE + "/open/entities?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] rows = open.split("\r\n");
        assertThat(rows[0]).isEqualTo("id,type,NO2,location");
        assertThat(rows).hasSize(3);
        assertThat(rows[1]).matches("urn:ngsi-ld:AirQualityReading:.*,AirQualityReading,41.5,\"\\{\"\"type\"\":\"\"Point\"\",.*\"");
        String all = as().get(BASE + "/all/entities?format=csv&type=AirQualityReading").then().statusCode(200).extract().asString();
        assertThat(all.split("\r\n")[0]).isEqualTo("id,type,NO2,owner,location");
        assertThat(all).contains(",\"Jane Resident, \"\"flat 2\"\"\",");
    }

    @Test
    void geojsonIsAFeatureCollectionOfTheOpenSensors() {
        example();
        JsonNode fc = RequestReader.parse(as().get(BASE + "/open/entities?format=geojson").then().statusCode(200)
                .contentType(containsString("application/geo+json")).extract().asByteArray());
        assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.get("features")).hasSize(2);
        JsonNode f = fc.get("features").get(0);
        assertThat(f.get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(f.get("properties").has("owner")).isFalse();
        assertThat(f.get("properties").get("NO2").asDouble()).isEqualTo(41.5);
    }

    @Test
    void historyIsExportedInstanceByInstanceWithinTheRange() throws InterruptedException {
        example();
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        List<JsonNode> lines = List.of();
        while (Instant.now().isBefore(end)) {  // the recorder runs after the write is acknowledged
            lines = ndjson(as().get(BASE + "/all/history?type=AirQualityReading").then().statusCode(200).extract().asString());
            if (lines.size() >= 6) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).hasSize(6);  // 2 entities x (owner, NO2, location)
        List<JsonNode> open = ndjson(as().get(BASE + "/open/history").then().statusCode(200).extract().asString());
        assertThat(open).hasSize(4).allSatisfy(n -> {
            assertThat(n.get("attribute").asText()).isIn("NO2", "location");
            assertThat(n.get("instanceId").asText()).startsWith("urn:ngsi-ld:");
            assertThat(n.get("instance").has("createdAt")).isTrue();
        });
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        assertThat(ndjson(as().get(BASE + "/open/history?from=" + future).then().statusCode(200).extract().asString())).isEmpty();
        as().get(BASE + "/open/history?from=yesterday").then().statusCode(400);
        as().get(BASE + "/open/history?format=geojson").then().statusCode(400);

        // CSV: one row per instance, the same instances as the NDJSON, personal attributes left out of the open one
        String csv = as().get(BASE + "/open/history?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        String[] rows = csv.split("\r\n");
        assertThat(rows[0]).isEqualTo("id,type,attribute,instanceId,attributeType,value,unitCode,observedAt,datasetId,createdAt,modifiedAt,deletedAt");
        assertThat(rows).hasSize(5);
        assertThat(java.util.Arrays.stream(rows).skip(1).map(r -> r.split(",")[3]).toList())
                .containsExactlyInAnyOrderElementsOf(open.stream().map(n -> n.get("instanceId").asText()).toList());
        assertThat(java.util.Arrays.stream(rows).filter(r -> r.contains(",NO2,")).toList()).hasSize(2)
                .allSatisfy(r -> assertThat(r).matches("urn:ngsi-ld:AirQualityReading:.*,AirQualityReading,NO2,urn:ngsi-ld:[^,]*,Property,41.5,GQ,,,20[^,]*,[^,]*,"));
        assertThat(csv).doesNotContain("Jane").contains(",GeoProperty,\"{\"\"type\"\":\"\"Point\"\"");
        assertThat(as().get(BASE + "/all/history?format=csv&type=AirQualityReading").then().statusCode(200).extract().asString())
                .contains(",owner,").contains("\"Jane Resident, \"\"flat 2\"\"\"");
    }

    @Test
    void badRequestsAreRefusedBeforeAnyDataIsSent() {
        example();
        as().get(BASE + "/open/entities?type=DampMouldReading").then().statusCode(404);
        as().get(BASE + "/secret/entities").then().statusCode(404);
        as().get(BASE + "/all/entities?format=xml").then().statusCode(400);
        as().get(BASE + "/all/entities?colour=red").then().statusCode(400);
        given().header("NGSILD-Tenant", "t-" + UUID.randomUUID()).get(BASE + "/all/entities").then().statusCode(404);
        as().get(BASE + "/open/entities").then().statusCode(200);
        given().get(BASE + "/status").then().statusCode(200).body("what", org.hamcrest.Matchers.hasItem("Export entities open ndjson"));
    }
}
