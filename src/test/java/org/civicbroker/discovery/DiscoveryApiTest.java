package org.civicbroker.discovery;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.query.QueryApiSupport.CORE_CONTEXT;
import static org.civicbroker.query.QueryApiSupport.ENTITIES;
import static org.civicbroker.query.QueryApiSupport.JSON;
import static org.civicbroker.query.QueryApiSupport.LD_JSON;
import static org.civicbroker.query.QueryApiSupport.createAll;
import static org.civicbroker.query.QueryApiSupport.fixture;
import static org.civicbroker.query.QueryApiSupport.in;
import static org.civicbroker.query.QueryApiSupport.json;
import static org.civicbroker.query.QueryApiSupport.link;
import static org.civicbroker.query.QueryApiSupport.newTenant;
import static org.civicbroker.query.QueryApiSupport.problem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.query.QueryContextServer;
import org.junit.jupiter.api.Test;

/**
 * Entity type and attribute discovery over HTTP (clauses 5.7.5 - 5.7.10; GET /types, /types/{type},
 * /attributes, /attributes/{attrId}): lists, details, counts, 404s and compaction with the request's
 * @context.
 */
@QuarkusTest
class DiscoveryApiTest {

    private static final String V1 = "/ngsi-ld/v1";
    private static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String LAMP = "https://example.org/civic/Lamp";
    private static final String LUX = "https://example.org/civic/lux";

    private final String tenant = newTenant();

    private void city() {
        createAll(tenant, "discovery/entities.json");
    }

    private ExtractableResponse<Response> get(RequestSpecification r, String path) {
        return r.accept(JSON).when().get(V1 + path).then().statusCode(200).contentType(startsWith(JSON)).extract();
    }

    private ExtractableResponse<Response> get(String path) {
        return get(in(tenant), path);
    }

    private static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }

    private static Map<String, JsonNode> byMember(JsonNode array, String member) {
        Map<String, JsonNode> all = new HashMap<>();
        array.forEach(n -> all.put(n.get(member).asText(), n));
        return all;
    }

    @Test
    void listsEntityTypes() {
        city();
        ExtractableResponse<Response> r = get("/types");
        JsonNode list = json(r.asString());
        assertThat(list.get("type").asText()).isEqualTo("EntityTypeList");
        assertThat(list.get("id").asText()).startsWith("urn:ngsi-ld:EntityTypeList:");
        assertThat(texts(list.get("typeList")))
                .containsExactlyInAnyOrder("AirQualityObserved", "Building", "Shop", "Streetlight");
        assertThat(r.header("Link")).contains(CORE_CONTEXT);
    }

    @Test
    void listsEntityTypesWithDetails() {
        city();
        JsonNode all = json(get("/types?details=true").asString());
        assertThat(all.size()).isEqualTo(4);
        Map<String, JsonNode> byName = byMember(all, "typeName");
        JsonNode lights = byName.get("Streetlight");
        assertThat(lights.get("id").asText()).isEqualTo(DEFAULT_VOCAB + "Streetlight");
        assertThat(lights.get("type").asText()).isEqualTo("EntityType");
        assertThat(texts(lights.get("attributeNames"))).containsExactlyInAnyOrder("status", "refGroup", "location");
        assertThat(texts(byName.get("Shop").get("attributeNames"))).containsExactlyInAnyOrder("status", "name");
        assertThat(texts(byName.get("AirQualityObserved").get("attributeNames"))).containsExactlyInAnyOrder("NO2", "location");
        // details=false is the plain list
        assertThat(json(get("/types?details=false").asString()).get("type").asText()).isEqualTo("EntityTypeList");
    }

    @Test
    void describesOneEntityType() {
        city();
        JsonNode info = json(get("/types/Streetlight").asString());
        assertThat(info.get("id").asText()).isEqualTo(DEFAULT_VOCAB + "Streetlight");
        assertThat(info.get("type").asText()).isEqualTo("EntityTypeInfo");
        assertThat(info.get("typeName").asText()).isEqualTo("Streetlight");
        assertThat(info.get("entityCount").asLong()).isEqualTo(2);
        Map<String, JsonNode> details = byMember(info.get("attributeDetails"), "attributeName");
        assertThat(details).containsOnlyKeys("status", "refGroup", "location");
        assertThat(details.get("status").get("id").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/status");  // a core term
        assertThat(details.get("status").get("type").asText()).isEqualTo("Attribute");
        assertThat(texts(details.get("status").get("attributeTypes"))).containsExactly("Property");
        assertThat(texts(details.get("refGroup").get("attributeTypes"))).containsExactly("Relationship");
        assertThat(texts(details.get("location").get("attributeTypes"))).containsExactly("GeoProperty");
        assertThat(details.get("location").get("id").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/location");
    }

    @Test
    void describesATypeOfAMultiTypedEntity() {
        city();
        JsonNode info = json(get("/types/Shop").asString());
        assertThat(info.get("entityCount").asLong()).isEqualTo(1);
        Map<String, JsonNode> details = byMember(info.get("attributeDetails"), "attributeName");
        assertThat(texts(details.get("status").get("attributeTypes"))).containsExactly("LanguageProperty");
    }

    @Test
    void entityCountFollowsDeletes() {
        city();
        in(tenant).when().delete(ENTITIES + "/urn:ngsi-ld:Streetlight:2").then().statusCode(204);
        assertThat(json(get("/types/Streetlight").asString()).get("entityCount").asLong()).isEqualTo(1);
        in(tenant).when().delete(ENTITIES + "/urn:ngsi-ld:Streetlight:1").then().statusCode(204);
        problem(in(tenant).accept(JSON).when().get(V1 + "/types/Streetlight").then(), 404, "ResourceNotFound");
        assertThat(texts(json(get("/types").asString()).get("typeList")))
                .containsExactlyInAnyOrder("AirQualityObserved", "Building", "Shop");
    }

    @Test
    void listsAttributes() {
        city();
        JsonNode list = json(get("/attributes").asString());
        assertThat(list.get("type").asText()).isEqualTo("AttributeList");
        assertThat(list.get("id").asText()).startsWith("urn:ngsi-ld:AttributeList:");
        assertThat(texts(list.get("attributeList")))
                .containsExactlyInAnyOrder("status", "refGroup", "location", "NO2", "name");
    }

    @Test
    void listsAttributesWithDetails() {
        city();
        JsonNode all = json(get("/attributes?details=true").asString());
        Map<String, JsonNode> byName = byMember(all, "attributeName");
        assertThat(byName).containsOnlyKeys("status", "refGroup", "location", "NO2", "name");
        JsonNode status = byName.get("status");
        assertThat(status.get("id").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/status");  // a core term
        assertThat(status.get("type").asText()).isEqualTo("Attribute");
        assertThat(texts(status.get("typeNames"))).containsExactlyInAnyOrder("Streetlight", "Building", "Shop");
        // clause 5.7.9.4: the list holds id, type, attributeName and typeNames only
        all.forEach(a -> assertThat(java.util.stream.StreamSupport.stream(((Iterable<String>) a::fieldNames).spliterator(), false).toList())
                .containsExactlyInAnyOrder("id", "type", "attributeName", "typeNames"));
    }

    @Test
    void describesOneAttribute() {
        city();
        JsonNode location = json(get("/attributes/location").asString());
        assertThat(location.get("id").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/location");
        assertThat(location.get("attributeName").asText()).isEqualTo("location");
        assertThat(location.get("attributeCount").asLong()).isEqualTo(3);
        assertThat(texts(location.get("attributeTypes"))).containsExactly("GeoProperty");
        assertThat(texts(location.get("typeNames"))).containsExactlyInAnyOrder("Streetlight", "AirQualityObserved");
        JsonNode no2 = json(get("/attributes/NO2").asString());
        assertThat(no2.get("attributeCount").asLong()).isEqualTo(1);
        assertThat(texts(no2.get("typeNames"))).containsExactly("AirQualityObserved");
    }

    @Test
    void unknownTypeOrAttributeIsNotFound() {
        city();
        problem(in(tenant).accept(JSON).when().get(V1 + "/types/Unknown").then(), 404, "ResourceNotFound");
        problem(in(tenant).accept(JSON).when().get(V1 + "/attributes/unknown").then(), 404, "ResourceNotFound");
    }

    @Test
    void unknownTenantIsNotFound() {
        String other = newTenant();
        for (String path : List.of("/types", "/types?details=true", "/types/Streetlight", "/attributes",
                "/attributes?details=true", "/attributes/status")) {
            problem(in(other).accept(JSON).when().get(V1 + path).then(), 404, "NonexistentTenant");
        }
    }

    @Test
    void anExistingTenantWithoutEntitiesHasEmptyLists() {
        city();
        for (String id : List.of("urn:ngsi-ld:Streetlight:1", "urn:ngsi-ld:Streetlight:2", "urn:ngsi-ld:AirQualityObserved:1",
                "urn:ngsi-ld:Building:1")) {
            in(tenant).when().delete(ENTITIES + "/" + id).then().statusCode(204);
        }
        assertThat(json(get("/types").asString()).get("typeList").size()).isZero();
        assertThat(json(get("/types?details=true").asString()).size()).isZero();
        assertThat(json(get("/attributes").asString()).get("attributeList").size()).isZero();
        assertThat(json(get("/attributes?details=true").asString()).size()).isZero();
    }

    @Test
    void rejectsBadParameters() {
        city();
        problem(in(tenant).accept(JSON).when().get(V1 + "/types?details=maybe").then(), 400, "BadRequestData");
        problem(in(tenant).accept(JSON).when().get(V1 + "/attributes?details=yes").then(), 400, "BadRequestData");
        problem(in(tenant).accept(JSON).when().get(V1 + "/types?foo=1").then(), 400, "InvalidRequest");
        problem(in(tenant).accept(JSON).when().get(V1 + "/types/Streetlight?details=true").then(), 400, "InvalidRequest");
        problem(in(tenant).accept(JSON).when().get(V1 + "/attributes/status?details=true").then(), 400, "InvalidRequest");
        problem(in(tenant).accept("application/geo+json").when().get(V1 + "/types").then(), 406, "InvalidRequest");
    }

    @Test
    void jsonLdAnswersEmbedTheContext() {
        city();
        String list = in(tenant).accept(LD_JSON).when().get(V1 + "/types").then().statusCode(200)
                .contentType(startsWith(LD_JSON)).extract().asString();
        assertThatJson(list).node("@context").isString().contains("ngsi-ld-core-context");
        String details = in(tenant).accept(LD_JSON).when().get(V1 + "/attributes?details=true").then().statusCode(200)
                .contentType(startsWith(LD_JSON)).extract().asString();
        json(details).forEach(a -> assertThat(a.get("@context").toString()).contains("ngsi-ld-core-context"));
    }

    @Test
    void compactsWithTheRequestContext() {
        try (QueryContextServer server = new QueryContextServer("discovery/civic-context.jsonld")) {
            in(tenant).contentType(LD_JSON).body(fixture("discovery/lamp-inline-context.jsonld"))
                    .when().post(ENTITIES).then().statusCode(201);
            String userLink = link(server.url());

            // Under the core context only, the user's names stay expanded IRIs.
            assertThat(texts(json(get("/types").asString()).get("typeList"))).containsExactly(LAMP);
            assertThat(texts(json(get("/attributes").asString()).get("attributeList")))
                    .containsExactlyInAnyOrder(LUX, "location");
            problem(in(tenant).accept(JSON).when().get(V1 + "/types/Lamp").then(), 404, "ResourceNotFound");

            // With the user context in the Link header they compact to the user's terms.
            ExtractableResponse<Response> types = get(in(tenant).header("Link", userLink), "/types");
            assertThat(texts(json(types.asString()).get("typeList"))).containsExactly("Lamp");
            assertThat(types.header("Link")).contains(server.url());

            JsonNode lamp = json(get(in(tenant).header("Link", userLink), "/types/Lamp").asString());
            assertThat(lamp.get("id").asText()).isEqualTo(LAMP);
            assertThat(lamp.get("typeName").asText()).isEqualTo("Lamp");
            assertThat(lamp.get("entityCount").asLong()).isEqualTo(1);
            assertThat(byMember(lamp.get("attributeDetails"), "attributeName")).containsOnlyKeys("lux", "location");

            JsonNode lux = json(get(in(tenant).header("Link", userLink), "/attributes/lux").asString());
            assertThat(lux.get("id").asText()).isEqualTo(LUX);
            assertThat(lux.get("attributeName").asText()).isEqualTo("lux");
            assertThat(texts(lux.get("typeNames"))).containsExactly("Lamp");

            JsonNode details = json(get(in(tenant).header("Link", userLink), "/types?details=true").asString());
            assertThat(details.get(0).get("typeName").asText()).isEqualTo("Lamp");
            assertThat(texts(details.get(0).get("attributeNames"))).containsExactlyInAnyOrder("lux", "location");

            String ld = in(tenant).header("Link", userLink).accept(LD_JSON).when().get(V1 + "/attributes/lux")
                    .then().statusCode(200).extract().asString();
            assertThat(json(ld).get("@context").toString()).contains(server.url());
        }
    }

    @Test
    void aTypeCanBeAskedForByItsIri() {
        in(tenant).contentType(LD_JSON).body(fixture("discovery/lamp-inline-context.jsonld"))
                .when().post(ENTITIES).then().statusCode(201);
        JsonNode lamp = json(get("/types/" + LAMP.replace(":", "%3A").replace("/", "%2F")).asString());
        assertThat(lamp.get("typeName").asText()).isEqualTo(LAMP);
        assertThat(lamp.get("entityCount").asLong()).isEqualTo(1);
        JsonNode lux = json(get("/attributes/" + LUX.replace(":", "%3A").replace("/", "%2F")).asString());
        assertThat(lux.get("attributeCount").asLong()).isEqualTo(1);
    }
}
