package org.civicbroker.query;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.query.QueryApiSupport.COUNT;
import static org.civicbroker.query.QueryApiSupport.CORE_CONTEXT;
import static org.civicbroker.query.QueryApiSupport.ENTITIES;
import static org.civicbroker.query.QueryApiSupport.GEO_JSON;
import static org.civicbroker.query.QueryApiSupport.JSON;
import static org.civicbroker.query.QueryApiSupport.LD_JSON;
import static org.civicbroker.query.QueryApiSupport.MAPPER;
import static org.civicbroker.query.QueryApiSupport.QUERY;
import static org.civicbroker.query.QueryApiSupport.createAll;
import static org.civicbroker.query.QueryApiSupport.fixture;
import static org.civicbroker.query.QueryApiSupport.getEntities;
import static org.civicbroker.query.QueryApiSupport.ids;
import static org.civicbroker.query.QueryApiSupport.in;
import static org.civicbroker.query.QueryApiSupport.json;
import static org.civicbroker.query.QueryApiSupport.link;
import static org.civicbroker.query.QueryApiSupport.newTenant;
import static org.civicbroker.query.QueryApiSupport.problem;
import static org.civicbroker.query.QueryApiSupport.query;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Query entities over HTTP (clause 5.7.2; GET /entities, clause 6.4.3.2; POST /entityOperations/query,
 * clause 6.23.3.1) on the London fixture: every selection parameter, geo-queries with each georel
 * and geometry, representations, paging, counting, ordering and every rejection.
 */
@QuarkusTest
class QueryApiTest {

    private static final String PREFIX = "urn:ngsi-ld:";
    private static final String W = "urn:ngsi-ld:AirQualityObserved:westminster";
    private static final String T = "urn:ngsi-ld:AirQualityObserved:tower";
    private static final String H = "urn:ngsi-ld:AirQualityObserved:heathrow";
    private static final String AQO = "type=AirQualityObserved";

    private final String tenant = newTenant();

    private void london() {
        createAll(tenant, "query/london.json");
    }

    private ExtractableResponse<Response> get(String query) {
        return getEntities(in(tenant).accept(JSON), query).statusCode(200).contentType(startsWith(JSON)).extract();
    }

    private ExtractableResponse<Response> post(String body, String query) {
        return in(tenant).contentType(JSON).accept(JSON).body(body)
                .when().post(QUERY + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200).contentType(startsWith(JSON)).extract();
    }

    // ---- selection: type, id, idPattern, attrs, q, scopeQ, local ----

    static Stream<Arguments> selections() {
        return cases("query/selection-cases.json");
    }

    static Stream<Arguments> geoCases() {
        return cases("query/geo-cases.json");
    }

    private static Stream<Arguments> cases(String fixture) {
        List<Arguments> all = new ArrayList<>();
        json(fixture(fixture)).get("cases").forEach(c -> all.add(Arguments.of(c.get("name").asText(), c)));
        return all.stream();
    }

    private static List<String> expected(JsonNode c) {
        List<String> ids = new ArrayList<>();
        c.get("expect").forEach(id -> ids.add(PREFIX + id.asText()));
        return ids;
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("selections")
    void selectsOverGet(String name, JsonNode c) {
        london();
        Map<String, String> params = new LinkedHashMap<>();
        c.get("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
        params.put("count", "true");
        ExtractableResponse<Response> r = get(query(params));
        List<String> expected = expected(c);
        assertThat(ids(r.asString())).as(name).containsExactlyElementsOf(expected);
        assertThat(r.header(COUNT)).isEqualTo(String.valueOf(expected.size()));
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("selections")
    void selectsOverPost(String name, JsonNode c) {
        london();
        JsonNode p = c.get("params");
        ObjectNode body = MAPPER.createObjectNode().put("type", "Query");
        ArrayNode entities = MAPPER.createArrayNode();
        String type = text(p, "type");
        String idPattern = text(p, "idPattern");
        if (p.has("id")) {
            for (String id : p.get("id").asText().split(",")) {
                ObjectNode s = entities.addObject().put("id", id);
                if (type != null) {
                    s.put("type", type);
                }
            }
        } else if (type != null || idPattern != null) {
            ObjectNode s = entities.addObject();
            if (type != null) {
                s.put("type", type);
            }
            if (idPattern != null) {
                s.put("idPattern", idPattern);
            }
        }
        if (!entities.isEmpty()) {
            body.set("entities", entities);
        }
        if (p.has("attrs")) {
            ArrayNode attrs = body.putArray("attrs");
            for (String a : p.get("attrs").asText().split(",")) {
                attrs.add(a);
            }
        }
        if (p.has("q")) {
            body.put("q", p.get("q").asText());
        }
        if (p.has("scopeQ")) {
            body.put("scopeQ", p.get("scopeQ").asText());
        }
        String local = p.has("local") ? "local=true&" : "";
        ExtractableResponse<Response> r = post(body.toString(), local + "count=true");
        List<String> expected = expected(c);
        assertThat(ids(r.asString())).as(name).containsExactlyElementsOf(expected);
        assertThat(r.header(COUNT)).isEqualTo(String.valueOf(expected.size()));
    }

    private static String text(JsonNode n, String member) {
        return n.has(member) ? n.get(member).asText() : null;
    }

    // ---- geo-queries ----

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("geoCases")
    void geoQueriesOverGet(String name, JsonNode c) {
        london();
        Map<String, String> params = new LinkedHashMap<>();
        if (c.has("type")) {
            params.put("type", c.get("type").asText());
        }
        params.put("georel", c.get("georel").asText());
        params.put("geometry", c.get("geometry").asText());
        params.put("coordinates", c.get("coordinates").toString());
        if (c.has("geoproperty")) {
            params.put("geoproperty", c.get("geoproperty").asText());
        }
        params.put("count", "true");
        ExtractableResponse<Response> r = get(query(params));
        List<String> expected = expected(c);
        assertThat(ids(r.asString())).as(name).containsExactlyElementsOf(expected);
        assertThat(r.header(COUNT)).isEqualTo(String.valueOf(expected.size()));
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("geoCases")
    void geoQueriesOverPost(String name, JsonNode c) {
        london();
        ObjectNode body = MAPPER.createObjectNode().put("type", "Query");
        if (c.has("type")) {
            body.putArray("entities").addObject().put("type", c.get("type").asText());
        }
        ObjectNode geoQ = body.putObject("geoQ");
        geoQ.put("georel", c.get("georel").asText());
        geoQ.put("geometry", c.get("geometry").asText());
        geoQ.set("coordinates", c.get("coordinates"));
        if (c.has("geoproperty")) {
            geoQ.put("geoproperty", c.get("geoproperty").asText());
        }
        ExtractableResponse<Response> r = post(body.toString(), "count=true");
        List<String> expected = expected(c);
        assertThat(ids(r.asString())).as(name).containsExactlyElementsOf(expected);
        assertThat(r.header(COUNT)).isEqualTo(String.valueOf(expected.size()));
    }

    @Test
    void geoCoordinatesMayBeAStringInGeoQ() {
        london();
        String body = """
                {"type": "Query", "geoQ": {"georel": "near;maxDistance==500", "geometry": "Point",
                 "coordinates": "[-0.1276, 51.5072]"}}""";
        assertThat(ids(post(body, "").asString())).containsExactly(W, "urn:ngsi-ld:Zone:borough");
    }

    @Test
    void geoQueryPagesAndCountsAfterTheExactRelation() {
        london();
        // within the central polygon: tower, westminster, hyde, thames (the bounding-box pre-filter
        // alone would also let the borough polygon's neighbours through).
        String geo = query(Map.of("georel", "within", "geometry", "Polygon",
                "coordinates", "[[[-0.18,51.49],[-0.04,51.49],[-0.04,51.52],[-0.18,51.52],[-0.18,51.49]]]"));
        ExtractableResponse<Response> page = get(geo + "&count=true&limit=2&offset=1");
        assertThat(ids(page.asString())).containsExactly(W, "urn:ngsi-ld:Park:hyde");
        assertThat(page.header(COUNT)).isEqualTo("4");
        ExtractableResponse<Response> counted = get(geo + "&count=true&limit=0");
        assertThat(ids(counted.asString())).isEmpty();
        assertThat(counted.header(COUNT)).isEqualTo("4");
    }

    // ---- rejections ----

    static Stream<Arguments> badRequests() {
        List<Arguments> all = new ArrayList<>();
        for (String line : fixture("query/bad-requests.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            all.add(Arguments.of(f[0], Integer.parseInt(f[1]), f[2]));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "GET ?{0} -> {1} {2}")
    @MethodSource("badRequests")
    void rejects(String params, int status, String errorType) {
        london();
        Map<String, String> map = new LinkedHashMap<>();
        if (!params.equals("-")) {
            for (String pair : params.split("&")) {
                int eq = pair.indexOf('=');
                map.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        problem(getEntities(in(tenant).accept(JSON), query(map)), status, errorType);
    }

    @Test
    void limitAtTheMaximumIsAccepted() {
        london();
        assertThat(ids(get(AQO + "&limit=1000").asString())).containsExactly(H, T, W);
    }

    @Test
    void repeatedParameterIsRejected() {
        london();
        problem(getEntities(in(tenant).accept(JSON), "type=Park&type=Zone"), 400, "InvalidRequest");
    }

    @Test
    void unknownTenantIsNotFound() {
        problem(getEntities(in(newTenant()).accept(JSON), AQO), 404, "NonexistentTenant");
        problem(in(newTenant()).contentType(JSON).body("{\"type\":\"Query\",\"entities\":[{\"type\":\"Park\"}]}")
                .when().post(QUERY).then(), 404, "NonexistentTenant");
    }

    @Test
    void unacceptableMediaTypeIs406() {
        london();
        problem(getEntities(in(tenant).accept("text/csv"), AQO), 406, "InvalidRequest");
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> all = new ArrayList<>();
        json(fixture("query/bad-query-bodies.json")).get("cases")
                .forEach(c -> all.add(Arguments.of(c.get("name").asText(), c.get("body").toString(),
                        c.get("error").asText())));
        return all.stream();
    }

    @ParameterizedTest(name = "POST {0} -> 400 {2}")
    @MethodSource("badBodies")
    void rejectsBadQueryBodies(String name, String body, String errorType) {
        london();
        problem(in(tenant).contentType(JSON).body(body).when().post(QUERY).then(), 400, errorType);
    }

    @Test
    void rejectsNonJsonQueryBodies() {
        london();
        problem(in(tenant).contentType(JSON).body("{\"type\": \"Query\",").when().post(QUERY).then(), 400, "InvalidRequest");
        problem(in(tenant).contentType("text/plain").body("{\"type\":\"Query\",\"entities\":[{\"type\":\"Park\"}]}")
                .when().post(QUERY).then(), 415, "InvalidRequest");
    }

    @Test
    void postRejectsGetOnlyAndUnknownParameters() {
        london();
        String body = "{\"type\":\"Query\",\"entities\":[{\"type\":\"Park\"}]}";
        problem(in(tenant).contentType(JSON).body(body).when().post(QUERY + "?type=Zone").then(), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body(body).when().post(QUERY + "?foo=1").then(), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body(body).when().post(QUERY + "?limit=1001").then(), 400, "BadRequestData");
    }

    // ---- POST specifics ----

    @Test
    void postIgnoresTemporalQAndTakesPagingFromTheQueryString() {
        london();
        String body = fixture("query/query-with-temporalq.json");
        ExtractableResponse<Response> r = post(body, "limit=1&offset=1&count=true&orderBy=NO2");
        // NO2 > 40: westminster (55), heathrow (70); second by NO2 = heathrow
        assertThat(ids(r.asString())).containsExactly(H);
        assertThat(r.header(COUNT)).isEqualTo("2");
        // the body's attrs select the representation: only NO2 besides id and type
        assertThatJson(r.asString()).isEqualTo("[{\"id\":\"" + H + "\",\"type\":\"AirQualityObserved\","
                + "\"scope\":\"/London/Hillingdon\","
                + "\"NO2\":{\"type\":\"Property\",\"value\":70,\"unitCode\":\"GQ\"}}]");
    }

    @Test
    void postWithAJsonLdBodyUsesItsContext() {
        london();
        String body = fixture("query/query-inline-context.jsonld");
        String r = in(tenant).contentType(LD_JSON).accept(LD_JSON).body(body).when().post(QUERY)
                .then().statusCode(200).contentType(startsWith(LD_JSON)).extract().asString();
        // "Sensor" and "nitrogen" are the user's names of AirQualityObserved and NO2 (default vocabulary IRIs)
        assertThat(ids(r)).containsExactly(H, W);
        JsonNode first = json(r).get(0);
        assertThat(first.get("type").asText()).isEqualTo("Sensor");
        assertThat(first.get("nitrogen").get("value").asInt()).isEqualTo(70);
        assertThat(first.has("@context")).isTrue();
    }

    @Test
    void postAnswersGeoJson() {
        london();
        String r = in(tenant).contentType(JSON).accept(GEO_JSON)
                .body("{\"type\":\"Query\",\"entities\":[{\"type\":\"Park\"}]}")
                .when().post(QUERY + "?options=keyValues").then().statusCode(200).contentType(startsWith(GEO_JSON))
                .extract().asString();
        assertThatJson(r).node("type").isEqualTo("FeatureCollection");
        assertThatJson(r).node("features[0].id").isEqualTo("urn:ngsi-ld:Park:hyde");
        assertThatJson(r).node("features[0].geometry.type").isEqualTo("Polygon");
        assertThatJson(r).node("features[0].properties.name").isEqualTo("Hyde Park");
    }

    @Test
    void unencodedSemicolonsStayInsideParameterValues() {
        // Clients (curl, FIWARE tutorials) send ';' unencoded; it separates q terms, type conjunctions,
        // georel modifiers, orderBy directions and lang weights, never parameters.
        london();
        assertThat(ids(get("q=NO2%3E40;temperature%3C10").asString())).containsExactly(H);
        assertThat(ids(get("type=Zone;AdministrativeArea").asString())).containsExactly("urn:ngsi-ld:Zone:borough");
        assertThat(ids(get("georel=near;maxDistance==500&geometry=Point&coordinates=%5B-0.1276,51.5072%5D").asString()))
                .containsExactly(W, "urn:ngsi-ld:Zone:borough");
        assertThat(ids(get(AQO + "&orderBy=NO2;desc").asString())).containsExactly(H, W, T);
        JsonNode park = json(get("type=Park&attrs=description&options=keyValues&lang=de,fr;q=0.9,en;q=0.5").asString()).get(0);
        assertThat(park.get("description").asText()).isEqualTo("Un parc royal");
        assertThat(ids(post("{\"type\":\"Query\",\"entities\":[{\"type\":\"AirQualityObserved\"}]}", "orderBy=NO2;desc")
                .asString())).containsExactly(H, W, T);
        problem(getEntities(in(tenant).accept(JSON), AQO + "&orderBy=NO2;desc&desc=1"), 400, "InvalidRequest");
    }

    // ---- representation ----

    @Test
    void keyValuesAndSimplifiedGiveValuesOnly() {
        london();
        for (String q : List.of("&options=keyValues", "&format=simplified", "&format=keyValues")) {
            String r = get("id=" + W + q).asString();
            assertThatJson(r).isEqualTo(fixture("query/westminster-keyvalues.json"));
        }
    }

    @Test
    void conciseDropsTypesAndKeepsMetadata() {
        london();
        String r = get("id=" + W + "&options=concise").asString();
        assertThatJson(r).isEqualTo(fixture("query/westminster-concise.json"));
        assertThatJson(get("id=" + W + "&format=concise").asString()).isEqualTo(r);
    }

    @Test
    void normalizedIsTheDefault() {
        london();
        assertThatJson(get("id=" + W).asString()).isEqualTo(fixture("query/westminster-normalized.json"));
        assertThatJson(get("id=" + W + "&format=normalized").asString()).isEqualTo(fixture("query/westminster-normalized.json"));
    }

    @Test
    void sysAttrsAddsCreatedAndModifiedAt() {
        london();
        JsonNode e = json(get("id=" + T + "&options=sysAttrs").asString()).get(0);
        assertThat(e.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(e.get("modifiedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(e.get("NO2").get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode plain = json(get("id=" + T).asString()).get(0);
        assertThat(plain.has("createdAt")).isFalse();
        assertThat(plain.get("NO2").has("createdAt")).isFalse();
    }

    @Test
    void attrsProjectsTheResponse() {
        london();
        String r = get(AQO + "&attrs=NO2,name&options=keyValues&orderBy=NO2").asString();
        assertThatJson(r).isEqualTo("""
                [{"id": "urn:ngsi-ld:AirQualityObserved:tower", "type": "AirQualityObserved", "scope": "/London/City",
                  "NO2": 30, "name": "Tower"},
                 {"id": "urn:ngsi-ld:AirQualityObserved:westminster", "type": "AirQualityObserved", "scope": "/London/Westminster",
                  "NO2": 55, "name": "Westminster"},
                 {"id": "urn:ngsi-ld:AirQualityObserved:heathrow", "type": "AirQualityObserved", "scope": "/London/Hillingdon",
                  "NO2": 70, "name": "Heathrow"}]""");
    }

    @Test
    void pickKeepsOnlyTheNamedMembers() {
        london();
        assertThatJson(get("id=" + W + "&pick=scope,name&options=keyValues").asString())
                .isEqualTo("[{\"scope\": \"/London/Westminster\", \"name\": \"Westminster\"}]");
        String r = get(AQO + "&pick=id,NO2&options=keyValues").asString();
        assertThatJson(r).isEqualTo("""
                [{"id": "urn:ngsi-ld:AirQualityObserved:heathrow", "NO2": 70},
                 {"id": "urn:ngsi-ld:AirQualityObserved:tower", "NO2": 30},
                 {"id": "urn:ngsi-ld:AirQualityObserved:westminster", "NO2": 55}]""");
    }

    @Test
    void omitDropsTheNamedMembers() {
        london();
        String r = get("id=" + W + "&omit=type,scope,location,reading,temperature,NO2&options=keyValues").asString();
        assertThatJson(r).isEqualTo("[{\"id\": \"" + W + "\", \"name\": \"Westminster\"}]");
        String withScope = get("id=" + W + "&omit=type,location,reading,temperature,NO2&options=keyValues").asString();
        assertThatJson(withScope).isEqualTo("[{\"id\": \"" + W + "\", \"scope\": \"/London/Westminster\", \"name\": \"Westminster\"}]");
    }

    @Test
    void langSelectsOneLanguage() {
        london();
        JsonNode fr = json(get("type=Park&lang=fr&attrs=description").asString()).get(0);
        assertThat(fr.get("description").get("type").asText()).isEqualTo("Property");
        assertThat(fr.get("description").get("value").asText()).isEqualTo("Un parc royal");
        assertThat(fr.get("description").get("lang").asText()).isEqualTo("fr");
        JsonNode all = json(get("type=Park&attrs=description").asString()).get(0);
        assertThatJson(all.get("description").toString()).isEqualTo(
                "{\"type\":\"LanguageProperty\",\"languageMap\":{\"en\":\"A royal park\",\"fr\":\"Un parc royal\"}}");
        JsonNode kv = json(get("type=Park&lang=en&attrs=description&options=keyValues").asString()).get(0);
        assertThat(kv.get("description").asText()).isEqualTo("A royal park");
    }

    @Test
    void langRankingPicksTheBestAvailable() {
        london();
        JsonNode e = json(get("type=Park&lang=" + query(Map.of("x", "de,fr;q=0.9,en;q=0.5")).substring(2)
                + "&attrs=description&options=keyValues").asString()).get(0);
        assertThat(e.get("description").asText()).isEqualTo("Un parc royal");
    }

    @Test
    void jsonAnswersCarryTheContextInALinkHeader() {
        london();
        ExtractableResponse<Response> r = get(AQO);
        assertThat(r.header("Link")).contains("<" + CORE_CONTEXT + ">").contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
        assertThat(json(r.asString()).get(0).has("@context")).isFalse();
    }

    @Test
    void jsonLdAnswersEmbedTheContextInEachEntity() {
        london();
        String r = getEntities(in(tenant).accept(LD_JSON), AQO).statusCode(200).contentType(startsWith(LD_JSON))
                .header("Link", nullValue()).extract().asString();
        JsonNode entities = json(r);
        assertThat(entities.size()).isEqualTo(3);
        entities.forEach(e -> assertThat(e.get("@context").toString()).contains(CORE_CONTEXT));
    }

    @Test
    void aUserContextInTheLinkHeaderCompactsTheAnswer() throws Exception {
        try (QueryContextServer server = new QueryContextServer("query/user-context.jsonld")) {
            london();
            String r = getEntities(in(tenant).accept(JSON).header("Link", link(server.url())), "type=Sensor&q="
                    + query(Map.of("x", "nitrogen>60")).substring(2)).statusCode(200)
                    .header("Link", containsString(server.url())).extract().asString();
            assertThatJson(r).isEqualTo("[{\"id\":\"" + H + "\",\"type\":\"Sensor\","
                    + "\"nitrogen\":{\"type\":\"Property\",\"value\":70,\"unitCode\":\"GQ\"},"
                    + "\"temperature\":{\"type\":\"Property\",\"value\":9},"
                    + "\"name\":{\"type\":\"Property\",\"value\":\"Heathrow\"},"
                    + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[-0.4543,51.47]}},"
                    + "\"scope\":\"/London/Hillingdon\"}]");
        }
    }

    @Test
    void geoJsonAnswersAFeatureCollection() {
        london();
        // Prefer: body=json moves the @context to a Link header (clause 5.7.2.4)
        String r = getEntities(in(tenant).accept(GEO_JSON).header("Prefer", "body=json"),
                AQO + "&options=keyValues&attrs=NO2,location")
                .statusCode(200).contentType(startsWith(GEO_JSON)).header("Link", containsString("ngsi-ld-core-context"))
                .extract().asString();
        assertThatJson(r).isEqualTo(fixture("query/aqo-featurecollection.json"));
    }

    @Test
    void geoJsonCarriesItsContextByDefault() {
        london();
        getEntities(in(tenant).accept(GEO_JSON), AQO + "&options=keyValues").statusCode(200)
                .header("Link", nullValue())
                .body("'@context'", equalTo(CORE_CONTEXT))
                .body("features[0]", not(hasKey("@context")));
    }

    @Test
    void projectionsThatLeaveNothingDropTheEntity() {
        london();
        // pick=NO2: the parks have no NO2 and would be empty objects
        String r = getEntities(in(tenant).accept(JSON), "type=Park,AirQualityObserved&pick=NO2").statusCode(200)
                .extract().asString();
        assertThat(json(r).size()).isEqualTo(3);
        json(r).forEach(e -> assertThat(e.fieldNames()).toIterable().containsExactly("NO2"));
        problem(getEntities(in(tenant), "attrs=id,type"), 400, "BadRequestData");
        problem(getEntities(in(tenant), "type=Park&pick=" + "name%7B"), 400, "BadRequestData");
    }

    @Test
    void geoJsonTakesTheGeometryEvenWhenAttrsLeaveItOut() {
        london();
        String r = getEntities(in(tenant).accept(GEO_JSON), AQO + "&options=keyValues&attrs=NO2")
                .statusCode(200).extract().asString();
        assertThatJson(r).node("features[0].geometry.type").isEqualTo("Point");
        assertThatJson(r).node("features[0].properties.location").isAbsent();
    }

    @Test
    void geoJsonUsesTheGeometryPropertyAsked() {
        london();
        String r = getEntities(in(tenant).accept(GEO_JSON), "type=Park&geometryProperty=entrance")
                .statusCode(200).extract().asString();
        assertThatJson(r).node("features[0].geometry").isEqualTo("{\"type\":\"Point\",\"coordinates\":[-0.16,51.505]}");
        String none = getEntities(in(tenant).accept(GEO_JSON).header("Prefer", "body=json"), "type=Unknown")
                .statusCode(200).extract().asString();
        assertThatJson(none).isEqualTo("{\"type\":\"FeatureCollection\",\"features\":[]}");
    }

    // ---- count, paging, ordering ----

    @Test
    void countHeaderOnlyWhenAsked() {
        london();
        assertThat(get(AQO).header(COUNT)).isNull();
        assertThat(get(AQO + "&count=false").header(COUNT)).isNull();
        ExtractableResponse<Response> r = get(AQO + "&count=true&limit=0");
        assertThat(r.header(COUNT)).isEqualTo("3");
        assertThat(ids(r.asString())).isEmpty();
        ExtractableResponse<Response> none = get("type=Unknown&count=true");
        assertThat(none.header(COUNT)).isEqualTo("0");
    }

    @Test
    void limitAndOffsetPageInIdOrderByDefault() {
        london();
        assertThat(ids(get("local=true&limit=3").asString())).containsExactly(H, T, W);
        assertThat(ids(get("local=true&limit=3&offset=3").asString()))
                .containsExactly("urn:ngsi-ld:Park:hyde", "urn:ngsi-ld:Streetlight:thames", "urn:ngsi-ld:Zone:borough");
        ExtractableResponse<Response> last = get("local=true&limit=3&offset=6&count=true");
        assertThat(ids(last.asString())).containsExactly("urn:ngsi-ld:Zone:paris");
        assertThat(last.header(COUNT)).isEqualTo("7");
        assertThat(ids(get("local=true&offset=7").asString())).isEmpty();
        assertThat(ids(get("local=true&offset=700").asString())).isEmpty();
    }

    @Test
    void defaultLimitIsTwenty() {
        // 25 entities: without limit the first 20 come back
        for (int i = 0; i < 25; i++) {
            in(tenant).contentType(JSON).body(String.format(
                    "{\"id\":\"urn:ngsi-ld:Thing:%02d\",\"type\":\"Thing\",\"n\":{\"type\":\"Property\",\"value\":%d}}", i, i))
                    .when().post(ENTITIES).then().statusCode(201);
        }
        List<String> page = ids(get("type=Thing").asString());
        assertThat(page).hasSize(20);
        assertThat(page.get(0)).isEqualTo("urn:ngsi-ld:Thing:00");
        assertThat(page.get(19)).isEqualTo("urn:ngsi-ld:Thing:19");
    }

    @Test
    void orderByAnAttributeAscendingAndDescending() {
        london();
        assertThat(ids(get(AQO + "&orderBy=NO2").asString())).containsExactly(T, W, H);
        assertThat(ids(get(AQO + "&orderBy=NO2;asc").asString())).containsExactly(T, W, H);
        assertThat(ids(get(AQO + "&orderBy=NO2;desc").asString())).containsExactly(H, W, T);
        assertThat(ids(get(AQO + "&orderBy=name;desc").asString())).containsExactly(W, T, H);
    }

    @Test
    void orderByBreaksTiesById() {
        london();
        // tower and westminster share temperature 12.5; heathrow has 9
        assertThat(ids(get(AQO + "&orderBy=temperature").asString())).containsExactly(H, T, W);
        assertThat(ids(get(AQO + "&orderBy=temperature;desc").asString())).containsExactly(T, W, H);
        assertThat(ids(get(AQO + "&orderBy=temperature;desc,id;desc").asString())).containsExactly(W, T, H);
    }

    @Test
    void orderByIdAscendingAndDescending() {
        london();
        assertThat(ids(get("type=AirQualityObserved,Zone&orderBy=id").asString()))
                .containsExactly(H, T, W, "urn:ngsi-ld:Zone:borough", "urn:ngsi-ld:Zone:paris");
        assertThat(ids(get("type=AirQualityObserved,Zone&orderBy=id;desc").asString()))
                .containsExactly("urn:ngsi-ld:Zone:paris", "urn:ngsi-ld:Zone:borough", W, T, H);
    }

    @Test
    void orderByPagesConsistently() {
        london();
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            all.addAll(ids(get(AQO + "&orderBy=temperature;desc&limit=1&offset=" + offset).asString()));
        }
        assertThat(all).containsExactly(T, W, H);
    }

    // ---- datasetId ----

    @Test
    void datasetIdKeepsOnlyThoseInstances() {
        london();
        JsonNode a = json(get("id=" + W + "&attrs=reading&datasetId=urn:ngsi-ld:Dataset:a").asString()).get(0);
        assertThatJson(a.get("reading").toString())
                .isEqualTo("{\"type\":\"Property\",\"value\":1,\"datasetId\":\"urn:ngsi-ld:Dataset:a\"}");
        JsonNode none = json(get("id=" + W + "&attrs=reading&datasetId=@none").asString()).get(0);
        assertThatJson(none.get("reading").toString()).isEqualTo("{\"type\":\"Property\",\"value\":2}");
        JsonNode both = json(get("id=" + W + "&attrs=reading&datasetId=@none,urn:ngsi-ld:Dataset:a").asString()).get(0);
        assertThat(both.get("reading").size()).isEqualTo(2);
        JsonNode all = json(get("id=" + W + "&attrs=reading").asString()).get(0);
        assertThat(all.get("reading").isArray()).isTrue();
        assertThat(all.get("reading").size()).isEqualTo(2);
    }

    @Test
    void datasetIdDropsAttributesWithoutSuchInstances() {
        london();
        JsonNode e = json(get("id=" + W + "&datasetId=urn:ngsi-ld:Dataset:a").asString()).get(0);
        assertThat(e.has("reading")).isTrue();
        assertThat(e.has("NO2")).isFalse();
        assertThat(e.has("location")).isFalse();
    }

    @Test
    void unchangedAfterRejectedQueries() {
        london();
        String before = get("local=true&options=sysAttrs").asString();
        problem(getEntities(in(tenant).accept(JSON), "q=" + query(Map.of("x", "NO2>>")).substring(2)), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body("{\"type\":\"Subscription\"}").when().post(QUERY).then(), 400, "BadRequestData");
        assertThat(get("local=true&options=sysAttrs").asString()).isEqualTo(before);
        assertThat(ids(before)).hasSize(7);
        in(tenant).when().get(ENTITIES + "/" + W).then().statusCode(200).body("NO2.value", equalTo(55));
    }
}
