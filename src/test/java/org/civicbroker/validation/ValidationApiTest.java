package org.civicbroker.validation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.validation.ValidationFixtures.ENTITIES;
import static org.civicbroker.validation.ValidationFixtures.X;
import static org.civicbroker.validation.ValidationFixtures.json;
import static org.civicbroker.validation.ValidationFixtures.newTenant;
import static org.civicbroker.validation.ValidationFixtures.uniqueId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.civicbroker.validation.SdmExamples.Example;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Smart Data Models validation on POST /entities with the default configuration (enforce). */
@QuarkusTest
class ValidationApiTest {

    static final String LD = "application/ld+json";

    static io.restassured.specification.RequestSpecification in(String tenant) {
        return given().urlEncodingEnabled(false).header("NGSILD-Tenant", tenant);
    }

    /** Bytes, so RestAssured does not re-encode the text as ISO-8859-1 (application/ld+json has no charset). */
    static byte[] utf8(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Response post(String tenant, JsonNode body) {
        return in(tenant).contentType(LD).body(utf8(body)).post(ENTITIES);
    }

    static String path(String id) {
        return ENTITIES + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static ObjectNode withUniqueId(Example ex) {
        ObjectNode body = ex.body().deepCopy();
        body.put("id", uniqueId(body.get("id").asText()));
        return body;
    }

    /** pointer -> message of the ProblemDetails errors member, after checking the standard members. */
    static Map<String, String> errors(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        JsonNode body = r.as(JsonNode.class);
        assertThat(body.has("errors")).as(r.asString()).isTrue();
        assertThat(body.get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        Map<String, String> out = new HashMap<>();
        body.get("errors").forEach(e -> {
            out.merge(e.get("pointer").asText(), e.get("message").asText(), (a, b) -> a + " | " + b);
            assertThat(body.get("detail").asText()).contains(e.get("pointer").asText());
        });
        return out;
    }

    static void assertNamed(Map<String, String> actual, JsonNode expected) {
        expected.fields().forEachRemaining(e -> assertThat(actual).as("errors %s", actual).hasEntrySatisfying(e.getKey(),
                m -> assertThat(m).contains(e.getValue().asText())));
    }

    static Set<String> knownInvalid() {
        Set<String> out = new HashSet<>();
        json("known-invalid.json").fieldNames().forEachRemaining(out::add);
        out.remove("_comment");
        return out;
    }

    static Set<String> notNgsiLd() {
        Set<String> out = new HashSet<>();
        json("not-ngsi-ld.json").get("forms").forEach(f -> out.add(f.asText()));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyValidOfficialExampleIsAccepted() {
        Set<String> skip = new HashSet<>(knownInvalid());
        skip.addAll(notNgsiLd());
        List<Example> examples = new ArrayList<>(SdmExamples.all());
        examples.removeIf(ex -> skip.contains(ex.toString()));
        assertThat(examples).hasSize(18 * 5 - skip.size());
        return examples.stream().map(ex -> DynamicTest.dynamicTest(ex.toString(), () -> {
            String tenant = newTenant();
            ObjectNode body = withUniqueId(ex);
            Response r = post(tenant, body);
            assertThat(r.statusCode()).as("%s: %s", ex, r.asString()).isEqualTo(201);
            assertThat(r.header("NGSILD-Warning")).isNull();
            in(tenant).get(path(body.get("id").asText())).then().statusCode(200);
        }));
    }

    @TestFactory
    Stream<DynamicTest> knownInvalidOfficialExamplesAreRejectedWithTheirReasons() {
        JsonNode expected = json("known-invalid.json");
        return knownInvalid().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> {
            Example ex = SdmExamples.all().stream().filter(e -> e.toString().equals(name)).findFirst().orElseThrow();
            String tenant = newTenant();
            ObjectNode body = withUniqueId(ex);
            Map<String, String> errors = errors(post(tenant, body));
            assertNamed(errors, expected.get(name));
            assertThat(errors.keySet()).containsExactlyInAnyOrderElementsOf(iterable(expected.get(name).fieldNames()));
            in(tenant).get(path(body.get("id").asText())).then().statusCode(404);
        }));
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    static ObjectNode corrupt(JsonNode c) {
        ObjectNode body = withUniqueId(SdmExamples.example(c.get("example").asText(), SdmExamples.Form.NORMALIZED_LD));
        c.get("remove").forEach(n -> body.remove(n.asText()));
        c.get("set").fields().forEachRemaining(e -> body.set(e.getKey(), e.getValue()));
        return body;
    }

    @TestFactory
    Stream<DynamicTest> corruptedExamplesAreRejectedWithPointers() {
        List<DynamicTest> tests = new ArrayList<>();
        json("corruptions.json").forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            String tenant = newTenant();
            ObjectNode body = corrupt(c);
            assertNamed(errors(post(tenant, body)), c.get("errors"));
            in(tenant).get(path(body.get("id").asText())).then().statusCode(404);
        })));
        return tests.stream();
    }

    @Test
    void updatesAreValidatedAndARefusedUpdateChangesNothing() {
        String tenant = newTenant();
        ObjectNode body = withUniqueId(SdmExamples.example("dataModel.Weather/WeatherObserved", SdmExamples.Form.NORMALIZED_LD));
        String id = body.get("id").asText();
        post(tenant, body).then().statusCode(201);
        String link = "<https://raw.githubusercontent.com/smart-data-models/dataModel.Weather/master/context.jsonld>; "
                + "rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        // partial update (clause 5.6.4) of one attribute to a wrong type
        Response patch = in(tenant).header("Link", link).contentType("application/json")
                .body(utf8(json("patch-temperature-string.json"))).patch(path(id) + "/attrs");
        assertThat(errors(patch)).containsKey("/temperature");
        // replace (clause 5.6.18) without a required attribute
        ObjectNode replacement = body.deepCopy();
        replacement.remove("dateObserved");
        Response put = in(tenant).contentType(LD).body(utf8(replacement)).put(path(id));
        assertThat(errors(put)).containsKey("/dateObserved");
        // deleting a required attribute (clause 5.6.5) leaves an invalid entity too
        Response del = in(tenant).header("Link", link).delete(path(id) + "/attrs/dateObserved");
        assertThat(errors(del)).containsKey("/dateObserved");
        in(tenant).header("Link", link).get(path(id)).then().statusCode(200)
                .body("temperature.value", org.hamcrest.Matchers.equalTo(3.3f))
                .body("dateObserved.value.'@value'", org.hamcrest.Matchers.equalTo("2016-11-30T07:00:00.00Z"));
        // a valid partial update goes through
        in(tenant).header("Link", link).contentType("application/json")
                .body(utf8(json("patch-temperature-number.json"))).patch(path(id) + "/attrs").then().statusCode(204);
    }

    @Test
    void typesWithoutASchemaAreNotCheckedByDefault() {
        String tenant = newTenant();
        // "AirQualityObserved" under the core context alone is the default-vocabulary type, not the model
        Response r = post(tenant, json("unbound-air-quality.jsonld"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.header("NGSILD-Warning")).isNull();
    }

    @Test
    void listsTheBoundTypesWithSchemaAndMode() {
        JsonNode list = given().header("NGSILD-Tenant", newTenant()).get(X + "/schemas").then().statusCode(200)
                .extract().as(JsonNode.class);
        assertThat(list.size()).isEqualTo(18);
        Map<String, JsonNode> byType = new HashMap<>();
        list.forEach(b -> byType.put(b.get("type").asText(), b));
        JsonNode aqo = byType.get("AirQualityObserved");
        assertThat(aqo.get("typeIri").asText()).isEqualTo("https://smartdatamodels.org/dataModel.Environment/AirQualityObserved");
        assertThat(aqo.get("schema").asText())
                .isEqualTo("https://smart-data-models.github.io/dataModel.Environment/AirQualityObserved/schema.json");
        assertThat(aqo.get("mode").asText()).isEqualTo("enforce");
        assertThat(aqo.get("source").asText()).isEqualTo("shipped");
        assertThat(byType.get("StreetlightModel").get("schema").asText()).endsWith("/StreetlightModel/schema.json");
    }

    @Test
    void fetchesASchemaByNameOrIri() {
        given().get(X + "/schemas/WeatherObserved").then().statusCode(200)
                .body("title", org.hamcrest.Matchers.containsString("Weather"))
                .body("required", org.hamcrest.Matchers.hasItem("dateObserved"));
        given().urlEncodingEnabled(false).get(X + "/schemas/" + URLEncoder.encode("https://smartdatamodels.org/dataModel.Weather/WeatherObserved", StandardCharsets.UTF_8))
                .then().statusCode(200).body("required", org.hamcrest.Matchers.hasItem("location"));
        given().get(X + "/schemas/NoSuchModel").then().statusCode(404)
                .body("type", org.hamcrest.Matchers.equalTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound"));
    }

    @Test
    void dryRunReportsTheSameErrorsAndStoresNothing() {
        String tenant = newTenant();
        Example aqo = SdmExamples.example("dataModel.Environment/AirQualityObserved", SdmExamples.Form.NORMALIZED_LD);
        ObjectNode body = withUniqueId(aqo);
        Map<String, String> dry = errors(in(tenant).contentType(LD).body(utf8(body))
                .post(X + "/validate"));
        Map<String, String> real = errors(post(tenant, body));
        assertThat(dry).isEqualTo(real);
        in(tenant).get(path(body.get("id").asText())).then().statusCode(404);

        ObjectNode ok = withUniqueId(SdmExamples.example("dataModel.Weather/WeatherObserved", SdmExamples.Form.NORMALIZED_LD));
        in(tenant).contentType(LD).body(utf8(ok)).post(X + "/validate")
                .then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true))
                .body("checked", org.hamcrest.Matchers.contains("WeatherObserved"));
        in(tenant).get(path(ok.get("id").asText())).then().statusCode(404);
    }

    @Test
    void dryRunTakesKeyValues() {
        JsonNode kv = SdmExamples.read("dataModel.Streetlighting/Streetlight/examples/example.jsonld");
        given().contentType(LD).body(utf8(kv)).post(X + "/validate?options=keyValues")
                .then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));
        ObjectNode bad = kv.deepCopy();
        bad.remove("status");
        Map<String, String> errors = errors(given().contentType(LD).body(utf8(bad)).post(X + "/validate?options=keyValues"));
        assertThat(errors).containsKey("/status");
        given().contentType(LD).body(utf8(kv)).post(X + "/validate?options=sysAttrs").then().statusCode(400);
    }

    @Test
    void theModelContextsAreServedForBothPublicUrlsWithoutNetwork() {
        String tenant = newTenant();
        for (String url : List.of("https://raw.githubusercontent.com/smart-data-models/dataModel.Parking/master/context.jsonld",
                "https://smart-data-models.github.io/dataModel.Parking/context.jsonld")) {
            ObjectNode body = withUniqueId(SdmExamples.example("dataModel.Parking/ParkingSpot", SdmExamples.Form.NORMALIZED_LD));
            body.put("@context", url);
            post(tenant, body).then().statusCode(201);
            // read back without a context: the type is the model's IRI, so the context was the shipped one
            in(tenant).get(path(body.get("id").asText())).then().statusCode(200)
                    .body("type", org.hamcrest.Matchers.equalTo("https://smartdatamodels.org/dataModel.Parking/ParkingSpot"));
        }
    }
}
