package org.civicbroker.transparency;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Example data of a borough that publishes its transparency page: an open and a personal dataset. */
final class TransparencyFixtures {

    static final double[][] SENSORS = {{-0.1426, 51.5390}, {-0.1650, 51.5500}, {-0.1300, 51.5250}};

    private TransparencyFixtures() {
    }

    static String fixture(String name) {
        try (InputStream in = TransparencyFixtures.class.getResourceAsStream("/fixtures/register/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestSpecification as(String tenant) {
        return given().header("NGSILD-Tenant", tenant).contentType("application/json").accept("application/json");
    }

    /** A new tenant with the register, profile and entities of the example; its name. */
    static String borough(boolean publish) {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(fixture("air-quality.json")).put("/ngsi-ld/v1/x-register/datasets/AirQualityReading").then().statusCode(201);
        as(tenant).body(fixture("damp-mould.json")).put("/ngsi-ld/v1/x-register/datasets/DampMouldReading").then().statusCode(201);
        as(tenant).body(fixture("profile.json").replace("\"publish\": true", "\"publish\": " + publish))
                .put("/ngsi-ld/v1/x-register/profile").then().statusCode(200);
        for (double[] s : SENSORS) {
            String air = fixture("air-entity.json").replace("{{id}}", "urn:ngsi-ld:AirQualityReading:" + UUID.randomUUID())
                    .replace("[-0.1276, 51.5072]", "[" + s[0] + ", " + s[1] + "]");
            as(tenant).body(air).post("/ngsi-ld/v1/entities").then().statusCode(201);
        }
        // a damp sensor with a location: personal, so never on the map
        String damp = fixture("damp-entity.json").replace("{{id}}", "urn:ngsi-ld:DampMouldReading:" + UUID.randomUUID())
                .replace("\"relativeHumidity\"", "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", "
                        + "\"coordinates\": [-0.15, 51.54]}}, \"relativeHumidity\"");
        as(tenant).body(damp).post("/ngsi-ld/v1/entities").then().statusCode(201);
        as(tenant).post("/ngsi-ld/v1/x-register/disposals/run").then().statusCode(200);
        return tenant;
    }
}
