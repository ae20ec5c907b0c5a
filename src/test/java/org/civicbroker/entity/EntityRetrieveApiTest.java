package org.civicbroker.entity;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.CORE_CONTEXT;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /ngsi-ld/v1/entities/{id} (clause 5.7.1): every attribute type round trip, representations
 * (normalized, concise, keyValues/simplified, sysAttrs), projections (attrs, pick, omit), lang, and
 * content negotiation (JSON, JSON-LD, GeoJSON, 406).
 */
@QuarkusTest
class EntityRetrieveApiTest {

    private final String tenant = newTenant();
    private String id;

    @BeforeEach
    void createVehicle() {
        id = newId("Vehicle");
        create(tenant, fixture("all-types.json", id));
    }

    private ExtractableResponse<Response> read(String query) {
        return in(tenant).accept(JSON).when().get(path(id) + query).then().statusCode(200).extract();
    }

    @Test
    void everyAttributeTypeRoundTripsInNormalizedForm() {
        assertThatJson(read("").asString()).isEqualTo(fixture("all-types.json", id));
    }

    @Test
    void conciseInputIsStoredAsTheNormalizedEntity() {
        String other = newId("Vehicle");
        create(tenant, fixture("all-types-concise.json", other));
        assertThatJson(get(tenant, other).extract().asString()).isEqualTo(fixture("all-types.json", other));
    }

    @Test
    void optionsConciseRendersConcise() {
        assertThatJson(read("?options=concise").asString()).isEqualTo(fixture("all-types-concise.json", id));
        assertThatJson(read("?format=concise").asString()).isEqualTo(fixture("all-types-concise.json", id));
    }

    @Test
    void keyValuesAndFormatSimplifiedRenderSimplified() {
        assertThatJson(read("?options=keyValues").asString()).isEqualTo(fixture("all-types-simplified.json", id));
        assertThatJson(read("?format=simplified").asString()).isEqualTo(fixture("all-types-simplified.json", id));
    }

    @Test
    void sysAttrsAddsIsoTimestampsToTheEntityAndItsAttributes() {
        Instant before = Instant.now().minusSeconds(60);
        JsonPath body = read("?options=sysAttrs").jsonPath();
        Instant created = Instant.parse(body.getString("createdAt"));
        Instant modified = Instant.parse(body.getString("modifiedAt"));
        assertThat(created).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(modified).isEqualTo(created);
        assertThat(Instant.parse(body.getString("speed.createdAt"))).isEqualTo(created);
        assertThat(Instant.parse(body.getString("speed.modifiedAt"))).isEqualTo(created);
        assertThat(Instant.parse(body.getString("speed.source.createdAt"))).isEqualTo(created);
        assertThat(Instant.parse(body.getString("location.createdAt"))).isEqualTo(created);
        // Without sysAttrs there are none.
        assertThatJson(read("").asString()).node("createdAt").isAbsent();
        assertThatJson(read("").asString()).node("speed.modifiedAt").isAbsent();
    }

    @Test
    void sysAttrsCombinesWithKeyValues() {
        JsonPath body = read("?options=sysAttrs,keyValues").jsonPath();
        Instant.parse(body.getString("createdAt"));
        assertThat(body.getInt("speed")).isEqualTo(55);
    }

    @Test
    void attrsSelectsAttributes() {
        String body = read("?attrs=speed,location").asString();
        assertThatJson(body).isObject().containsOnlyKeys("id", "type", "scope", "speed", "location");
        assertThatJson(body).node("speed.value").isEqualTo(55);
    }

    @Test
    void pickAndOmitProjectTheEntity() {
        assertThatJson(read("?pick=id,brandName&options=keyValues").asString())
                .isEqualTo("{\"id\":\"" + id + "\",\"brandName\":\"Mercedes\"}");
        String omitted = read("?omit=type,speed,location").asString();
        assertThatJson(omitted).node("id").isEqualTo(id);
        assertThatJson(omitted).node("type").isAbsent();
        assertThatJson(omitted).node("speed").isAbsent();
        assertThatJson(omitted).node("location").isAbsent();
        assertThatJson(omitted).node("brandName.value").isEqualTo("Mercedes");
        assertThatJson(omitted).node("scope").isEqualTo("/London/Camden");
    }

    @Test
    void pickAndOmitTreatScopeAsAnEntityMember() {
        assertThatJson(read("?pick=scope,speed&options=keyValues").asString())
                .isEqualTo("{\"scope\":\"/London/Camden\",\"speed\":55}");
        String omitted = read("?omit=scope").asString();
        assertThatJson(omitted).node("scope").isAbsent();
        assertThatJson(omitted).node("type").isEqualTo("Vehicle");
    }

    @Test
    void langReducesLanguagePropertiesToOneLanguage() {
        assertThatJson(read("?lang=nl").asString()).node("street")
                .isEqualTo("{\"type\":\"Property\",\"value\":\"Grote Markt\",\"lang\":\"nl\"}");
        assertThatJson(read("?lang=fr&options=keyValues").asString()).node("street").isEqualTo("\"Grand Place\"");
    }

    @Test
    void langTakesAnUnencodedWeightedListAsClientsSendIt() {
        // ';' must not split the parameter: the HTTP layer splits at it, the broker parses the raw query
        assertThatJson(read("?lang=fr;q=0.9,nl;q=0.5&options=keyValues").asString()).node("street")
                .isEqualTo("\"Grand Place\"");
        assertThatJson(read("?lang=de,nl;q=0.8&options=keyValues").asString()).node("street")
                .isEqualTo("\"Grote Markt\"");
    }

    @Test
    void invalidLangIs400() {
        problem(in(tenant).when().get(path(id) + "?lang=%3B%3B").then(), 400, "BadRequestData");
    }

    @Test
    void multipleInstancesWithDatasetIdRoundTrip() {
        String wid = newId("WeatherObserved");
        create(tenant, fixture("multi-instance.json", wid));
        assertThatJson(get(tenant, wid).extract().asString()).isEqualTo(fixture("multi-instance.json", wid));
        String concise = in(tenant).when().get(path(wid) + "?options=concise").then().statusCode(200).extract().asString();
        assertThatJson(concise).node("temperature").isArray().hasSize(3);
        assertThatJson(concise).node("temperature[1]")
                .isEqualTo("{\"value\":21.0,\"unitCode\":\"CEL\",\"datasetId\":\"urn:ngsi-ld:Dataset:sensor-a\"}");
    }

    @Test
    void jsonAnswersWithACoreContextLinkHeader() {
        in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200)
                .contentType(startsWith(JSON))
                .header("Link", containsString("<" + CORE_CONTEXT + ">"))
                .header("Link", containsString("rel=\"http://www.w3.org/ns/json-ld#context\""))
                .body("'@context'", nullValue());
    }

    @Test
    void noAcceptHeaderAnswersJson() {
        in(tenant).when().get(path(id)).then().statusCode(200).contentType(startsWith(JSON))
                .header("Link", containsString(CORE_CONTEXT));
    }

    @Test
    void jsonLdAnswersWithContextInTheBodyAndNoLink() {
        Response r = in(tenant).accept(LD_JSON).when().get(path(id));
        r.then().statusCode(200).contentType(startsWith(LD_JSON)).header("Link", nullValue());
        Object context = r.jsonPath().get("'@context'");
        assertThat(context).isNotNull();
        assertThat(context.toString()).contains(CORE_CONTEXT);
        assertThatJson(r.asString()).whenIgnoringPaths("@context").isEqualTo(fixture("all-types.json", id));
    }

    @Test
    void acceptPrefersTheHighestQuality() {
        in(tenant).accept("application/json;q=0.5, application/ld+json").when().get(path(id))
                .then().statusCode(200).contentType(startsWith(LD_JSON));
    }

    @Test
    void geoJsonAnswersAFeature() {
        Response r = in(tenant).accept("application/geo+json").when().get(path(id));
        r.then().statusCode(200).contentType(startsWith("application/geo+json"))
                .body("type", equalTo("Feature"))
                .body("id", equalTo(id))
                .body("geometry.type", equalTo("Point"))
                .body("properties.type", equalTo("Vehicle"))
                .body("properties.brandName.value", equalTo("Mercedes"));
        assertThat(r.jsonPath().getList("geometry.coordinates", Float.class)).containsExactly(-0.1276f, 51.5072f);
    }

    @Test
    void geoJsonCarriesTheContextUnlessPreferBodyJson() {
        in(tenant).accept("application/geo+json").when().get(path(id)).then().statusCode(200)
                .header("Link", nullValue())
                .body("'@context'", equalTo(CORE_CONTEXT));
        in(tenant).accept("application/geo+json").header("Prefer", "body=json").when().get(path(id)).then()
                .statusCode(200)
                .header("Link", containsString(CORE_CONTEXT))
                .body("'@context'", nullValue());
    }

    @Test
    void aProjectionMatchingNoneOfTheAttributesIs404() {
        // clause 5.7.1.4: the entity has none of the attributes asked for
        problem(in(tenant).when().get(path(id) + "?attrs=noSuchAttribute").then(), 404, "ResourceNotFound");
        problem(in(tenant).when().get(path(id) + "?pick=id,noSuchAttribute").then(), 404, "ResourceNotFound");
        assertThatJson(read("?pick=id").asString()).isEqualTo("{\"id\":\"" + id + "\"}");
        assertThatJson(read("?attrs=brandName,noSuchAttribute").asString()).isObject().containsKey("brandName");
    }

    @Test
    void langStarGivesEachLanguagePropertyInOneOfItsLanguages() {
        String body = read("?lang=*").asString();
        assertThatJson(body).node("street.type").isEqualTo("Property");
        assertThatJson(body).node("street.lang").isString();
    }

    @Test
    void geoJsonUsesTheGeometryProperty() {
        String sid = newId("Sensor");
        create(tenant, fixture("sensor.json", sid));
        in(tenant).accept("application/geo+json").when().get(path(sid) + "?geometryProperty=location&options=keyValues")
                .then().statusCode(200)
                .body("geometry.coordinates", equalTo(List.of(-0.1426f, 51.539f)))
                .body("properties.status", equalTo("ok"));
        in(tenant).accept("application/geo+json").when().get(path(sid) + "?geometryProperty=status")
                .then().statusCode(200).body("type", equalTo("Feature")).body("geometry", nullValue());
    }

    @Test
    void unsupportedAcceptIs406() {
        problem(in(tenant).accept("text/csv").when().get(path(id)).then(), 406, "InvalidRequest");
    }

    @Test
    void unknownEntityIs404() {
        problem(in(tenant).when().get(path(newId("Vehicle"))).then(), 404, "ResourceNotFound");
    }

    @Test
    void invalidIdIs400() {
        problem(in(tenant).when().get(ApiSupport.BASE + "/not%20a%20uri").then(), 400, "BadRequestData");
    }

    @Test
    void unknownQueryParameterIs400() {
        problem(in(tenant).when().get(path(id) + "?colour=red").then(), 400, "InvalidRequest");
    }

    @Test
    void invalidOptionsIs400() {
        problem(in(tenant).when().get(path(id) + "?options=fancy").then(), 400, "InvalidRequest");
    }

    @Test
    void retrievingChangesNothing() {
        Map<String, Object> first = read("?options=sysAttrs").jsonPath().getMap("");
        Map<String, Object> second = read("?options=sysAttrs").jsonPath().getMap("");
        assertThat(second).isEqualTo(first);
    }
}
