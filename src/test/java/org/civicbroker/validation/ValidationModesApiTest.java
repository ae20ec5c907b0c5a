package org.civicbroker.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.validation.ValidationApiTest.errors;
import static org.civicbroker.validation.ValidationApiTest.in;
import static org.civicbroker.validation.ValidationApiTest.path;
import static org.civicbroker.validation.ValidationApiTest.post;
import static org.civicbroker.validation.ValidationApiTest.utf8;
import static org.civicbroker.validation.ValidationApiTest.withUniqueId;
import static org.civicbroker.validation.ValidationFixtures.X;
import static org.civicbroker.validation.ValidationFixtures.json;
import static org.civicbroker.validation.ValidationFixtures.newTenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civicbroker.validation.SdmExamples.Form;
import org.junit.jupiter.api.Test;

/**
 * Modes per tenant and type (warn, off, enforce for an unknown type, precedence) and an operator schema
 * directory that overrides one shipped schema (ParkingSpot: name required) and adds a model (Bench).
 * The configured tenants are unique to this class; each test still writes its own entities.
 */
@QuarkusTest
@TestProfile(ValidationModesApiTest.Profile.class)
class ValidationModesApiTest {

    /**
     * Random per run, but the same in the profile and in the test: Quarkus loads them in different
     * class loaders, so the suffix is kept in a system property both see.
     */
    static final String RUN = suffix();
    static final String WARN = "t-warn-" + RUN;
    static final String OFF = "t-off-" + RUN;
    static final String STRICT = "t-strict-" + RUN;
    static final String MIXED = "t-mixed-" + RUN;

    private static synchronized String suffix() {
        String key = "civic.test.validation-modes-run";
        if (System.getProperty(key) == null) {
            System.setProperty(key, UUID.randomUUID().toString().substring(0, 8));
        }
        return System.getProperty(key);
    }
    static final String LINK_WEATHER = "<https://raw.githubusercontent.com/smart-data-models/dataModel.Weather/master/context.jsonld>; "
            + "rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            m.put("civic.validation.schema-dir", Path.of("src/test/resources/fixtures/validation/schema-dir").toAbsolutePath().toString());
            m.put("civic.validation.modes.\"" + WARN + "/*\"", "warn");
            m.put("civic.validation.modes.\"" + OFF + "/WeatherObserved\"", "off");
            m.put("civic.validation.modes.\"" + STRICT + "/Shop\"", "enforce");
            m.put("civic.validation.modes.\"" + MIXED + "/*\"", "warn");
            m.put("civic.validation.modes.\"" + MIXED + "/https://smartdatamodels.org/dataModel.Streetlighting/Streetlight\"", "enforce");
            return m;
        }
    }

    static ObjectNode example(String folder) {
        return withUniqueId(SdmExamples.example(folder, Form.NORMALIZED_LD));
    }

    static ObjectNode withoutDateObserved() {
        ObjectNode weather = example("dataModel.Weather/WeatherObserved");
        weather.remove("dateObserved");
        return weather;
    }

    static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) SdmExamples.MAPPER.readTree(json(name).toString().replace("{{uuid}}", UUID.randomUUID().toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void warnModeStoresTheEntityAndWarnsInTheHeaderAndTheMetric() {
        ObjectNode aqo = example("dataModel.Environment/AirQualityObserved");
        Response r = post(WARN, aqo);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        List<String> warnings = r.headers().getValues("NGSILD-Warning");
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("299 - \"").contains("AirQualityObserved").contains("/dateObserved"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("/windDirection"));
        in(WARN).get(path(aqo.get("id").asText())).then().statusCode(200);
        String metrics = RestAssured.get("/q/metrics").asString();
        assertThat(metrics).containsPattern("ngsild_validation_warnings_total\\{[^}]*type=\"AirQualityObserved\"[^}]*\\} [1-9]");
    }

    @Test
    void warnModeWarnsOnTheReadModifyWriteUpdatePaths() {
        // the update path validates inside the Mutiny continuation after the stored entity is read:
        // the request-scoped warnings must still reach the response
        ObjectNode weather = example("dataModel.Weather/WeatherObserved");
        String id = weather.get("id").asText();
        post(WARN, weather).then().statusCode(201);
        Response patch = in(WARN).header("Link", LINK_WEATHER).contentType("application/json")
                .body(utf8(json("patch-temperature-string.json"))).patch(path(id) + "/attrs");
        assertThat(patch.statusCode()).as(patch.asString()).isEqualTo(204);
        assertThat(patch.headers().getValues("NGSILD-Warning")).anySatisfy(w -> assertThat(w).contains("/temperature"));
        ObjectNode replacement = weather.deepCopy();
        replacement.remove("dateObserved");
        Response put = in(WARN).contentType("application/ld+json").body(utf8(replacement)).put(path(id));
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(204);
        assertThat(put.headers().getValues("NGSILD-Warning")).anySatisfy(w -> assertThat(w).contains("/dateObserved"));
        // a valid write in warn mode carries no warning
        Response ok = in(WARN).header("Link", LINK_WEATHER).contentType("application/json")
                .body(utf8(json("patch-temperature-number.json"))).patch(path(id) + "/attrs");
        assertThat(ok.statusCode()).isEqualTo(204);
    }

    @Test
    void offModeSkipsOneTypeOnlyForThatTenant() {
        Response r = post(OFF, withoutDateObserved());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("NGSILD-Warning")).isNull();
        assertThat(errors(post(OFF, example("dataModel.Environment/AirQualityObserved")))).containsKey("/dateObserved");
        assertThat(errors(post(newTenant(), withoutDateObserved()))).containsKey("/dateObserved");
    }

    @Test
    void unknownTypesCanBeRefusedPerTenant() {
        ObjectNode shop = fixture("shop.json");
        Response strict = in(STRICT).contentType("application/json").body(utf8(shop)).post(ValidationFixtures.ENTITIES);
        assertThat(errors(strict)).containsKey("/type");
        in(newTenant()).contentType("application/json").body(utf8(fixture("shop.json"))).post(ValidationFixtures.ENTITIES)
                .then().statusCode(201);
    }

    @Test
    void theMostSpecificOverrideWins() {
        ObjectNode light = example("dataModel.Streetlighting/Streetlight");
        light.remove("status");
        assertThat(errors(post(MIXED, light))).containsKey("/status");
        Response weather = post(MIXED, withoutDateObserved());
        assertThat(weather.statusCode()).isEqualTo(201);
        assertThat(weather.header("NGSILD-Warning")).contains("/dateObserved");
    }

    @Test
    void anOperatorSchemaOverridesAShippedOne() {
        String tenant = newTenant();
        post(tenant, example("dataModel.Parking/ParkingSpot")).then().statusCode(201);
        ObjectNode unnamed = example("dataModel.Parking/ParkingSpot");
        unnamed.remove("name");
        assertThat(errors(post(tenant, unnamed))).containsKey("/name");
        JsonNode list = in(tenant).get(X + "/schemas").as(JsonNode.class);
        Map<String, String> sources = new HashMap<>();
        list.forEach(b -> sources.put(b.get("type").asText(), b.get("source").asText()));
        assertThat(sources).containsEntry("ParkingSpot", "operator").containsEntry("Bench", "operator")
                .containsEntry("Streetlight", "shipped").hasSize(19);
        in(tenant).get(X + "/schemas/ParkingSpot").then().statusCode(200)
                .body("description", org.hamcrest.Matchers.startsWith("TEST OVERRIDE"));
    }

    @Test
    void anOperatorCanAddAModelWithItsOwnContext() {
        String tenant = newTenant();
        Response ok = post(tenant, fixture("bench-ok.jsonld"));
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(201);
        ObjectNode bad = fixture("bench-ok.jsonld");
        ((ObjectNode) bad.get("seats")).put("value", 0);
        ((ObjectNode) bad.get("material")).put("value", "plastic");
        Map<String, String> errors = errors(post(tenant, bad));
        assertThat(errors).containsKeys("/seats", "/material");
    }
}
