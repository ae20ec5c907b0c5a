package org.civicbroker.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Helpers of the query and discovery API tests: a fresh tenant per test, fixtures from
 * {@code src/test/resources/fixtures/<feature>/}, explicit query-string encoding (so that what the
 * broker receives is exactly the parameter text of the test), and ProblemDetails assertions.
 */
public final class QueryApiSupport {

    public static final String ENTITIES = "/ngsi-ld/v1/entities";
    public static final String QUERY = "/ngsi-ld/v1/entityOperations/query";
    public static final String CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    public static final String TENANT = "NGSILD-Tenant";
    public static final String JSON = "application/json";
    public static final String LD_JSON = "application/ld+json";
    public static final String GEO_JSON = "application/geo+json";
    public static final String COUNT = "NGSILD-Results-Count";
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private QueryApiSupport() {
    }

    public static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    public static String link(String contextUrl) {
        return "<" + contextUrl + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    public static String fixture(String path) {
        try (InputStream in = QueryApiSupport.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request in {@code tenant}; the test encodes query strings itself. */
    public static RequestSpecification in(String tenant) {
        return given().header(TENANT, tenant).urlEncodingEnabled(false);
    }

    /** Creates every entity of a fixture array (application/json, core context), asserting 201. */
    public static List<String> createAll(String tenant, String fixture) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entity : json(fixture(fixture))) {
            in(tenant).contentType(JSON).body(entity.toString()).when().post(ENTITIES).then().statusCode(201);
            ids.add(entity.get("id").asText());
        }
        return ids;
    }

    /** {@code a=b&c=d} with every value percent-encoded. */
    public static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    /** GET /entities?{query} (query already encoded). */
    public static ValidatableResponse getEntities(RequestSpecification request, String query) {
        return request.when().get(ENTITIES + (query.isEmpty() ? "" : "?" + query)).then();
    }

    /** The ids of an entity array, in order. */
    public static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        json(body).forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    /** Asserts a ProblemDetails response of the given status and ETSI error type. */
    public static ValidatableResponse problem(ValidatableResponse r, int status, String errorType) {
        return r.statusCode(status)
                .contentType(startsWith(JSON))
                .body("type", equalTo("https://uri.etsi.org/ngsi-ld/errors/" + errorType))
                .body("title", notNullValue())
                .body("status", equalTo(status));
    }
}
