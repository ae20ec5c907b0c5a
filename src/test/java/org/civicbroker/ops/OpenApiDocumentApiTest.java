package org.civicbroker.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at /q/openapi (src/main/resources/META-INF/openapi.yaml): valid OpenAPI 3,
 * describes exactly the endpoints the JAX-RS resources answer, and names NGSI-LD paths, methods and query
 * parameters as the ETSI NGSI-LD OAS does (src/test/resources/reference/ngsi-ld-api-oas-1.7.1.yaml).
 */
@QuarkusTest
class OpenApiDocumentApiTest {

    static final String DOCUMENT = "src/main/resources/META-INF/openapi.yaml";
    static final String NGSI_LD = "/ngsi-ld/v1";
    /** Newer than the 1.7.1 reference OAS: the operation or parameter names the V1.9.1 clause that has it. */
    static final String CLAUSE = "x-ngsi-ld-clause";
    static final String EXTENSION = "x-civic-extension";

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode served;
    static String servedText;

    /** Fetched once per class, before each test (RestAssured knows the random test port only then). */
    @BeforeEach
    void fetch() throws Exception {
        if (served == null) {
            servedText = given().queryParam("format", "json").when().get("/q/openapi")
                    .then().statusCode(200).extract().asString();
            served = JSON.readTree(servedText);
        }
    }

    @Test
    void servedAsYamlAndJsonWithSwaggerUi() {
        given().when().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.startsWith("---\nopenapi: 3."));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        assertThat(served.path("info").path("version").asText()).isNotEqualTo("dev").isNotBlank();
    }

    @Test
    void isValidOpenApi3() {
        assertThat(served.path("openapi").asText()).startsWith("3.");
        assertThat(problems(servedText)).as("OpenAPI problems in " + DOCUMENT).isEmpty();
    }

    @Test
    void theValidatorCatchesABrokenDocument() {
        ObjectNode broken = served.deepCopy();
        ((ObjectNode) broken.path("paths").path(NGSI_LD + "/entities").path("get"))
                .putArray("parameters").addObject().put("$ref", "#/components/parameters/NoSuchParameter");
        broken.remove("info");
        assertThat(problems(broken.toString())).isNotEmpty();
    }

    @Test
    void describesEveryEndpointTheBrokerAnswers() {
        Map<String, String> answered = JaxRsEndpoints.scan();
        assertThat(answered).as("JAX-RS endpoints found").hasSizeGreaterThan(30);
        Map<String, String> described = described(served);
        List<String> failures = new ArrayList<>();
        answered.forEach((endpoint, method) -> {
            if (!described.containsKey(endpoint)) {
                failures.add(endpoint + " is answered by " + method + " but not described in " + DOCUMENT
                        + ": add it there (for an NGSI-LD endpoint, with the path, parameter and schema names of"
                        + " the ETSI OAS; for the broker's own, with " + EXTENSION + ": true and an Extension tag)");
            }
        });
        described.forEach((endpoint, path) -> {
            if (!answered.containsKey(endpoint)) {
                failures.add(endpoint + " (" + path + ") is described in " + DOCUMENT
                        + " but no JAX-RS resource answers it");
            }
        });
        assertThat(failures).as("OpenAPI document vs JAX-RS resources").isEmpty();
    }

    @Test
    void ngsiLdNamesAreTheEtsiOnes() throws Exception {
        JsonNode etsi;
        try (InputStream in = getClass().getResourceAsStream("/reference/ngsi-ld-api-oas-1.7.1.yaml")) {
            etsi = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : served.path("paths").properties()) {
            if (!path.getKey().startsWith(NGSI_LD + "/")) {
                continue;
            }
            String etsiPath = path.getKey().substring(NGSI_LD.length());
            for (Map.Entry<String, JsonNode> op : operations(path.getValue()).entrySet()) {
                JsonNode operation = op.getValue();
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                if (operation.path(EXTENSION).asBoolean(false)) {
                    assertTagged(where, operation, failures);
                    continue;
                }
                JsonNode etsiOp = etsi.path("paths").path(etsiPath).path(op.getKey());
                if (etsiOp.isMissingNode()) {
                    requireClause(where + " is not in the ETSI OAS", operation, failures);
                    continue;
                }
                checked++;
                Set<String> etsiParams = queryParams(etsi, etsi.path("paths").path(etsiPath), etsiOp).keySet();
                queryParams(served, path.getValue(), operation).forEach((name, param) -> {
                    if (!etsiParams.contains(name)) {
                        requireClause(where + " query parameter '" + name + "' is not in the ETSI OAS (it has "
                                + etsiParams + ")", param, failures);
                    }
                });
            }
        }
        assertThat(checked).as("NGSI-LD operations compared with the ETSI OAS").isGreaterThan(30);
        assertThat(failures).isEmpty();
    }

    private static void requireClause(String what, JsonNode node, List<String> failures) {
        if (!node.path(CLAUSE).asText("").startsWith("V1.9.1 ")) {
            failures.add(what + ": use the ETSI name, or mark it " + CLAUSE + ": \"V1.9.1 <clause>\"");
        }
    }

    private static void assertTagged(String where, JsonNode operation, List<String> failures) {
        boolean tagged = false;
        for (JsonNode t : operation.path("tags")) {
            tagged |= t.asText().startsWith("Extension: ");
        }
        if (!tagged) {
            failures.add(where + " is a broker extension but has no 'Extension: ...' tag");
        }
    }

    /** "METHOD /normalized/path" -> the document's path, for every operation of the document. */
    static Map<String, String> described(JsonNode doc) {
        Map<String, String> out = new TreeMap<>();
        doc.path("paths").properties().forEach(p -> operations(p.getValue()).keySet()
                .forEach(m -> out.put(m.toUpperCase() + " " + JaxRsEndpoints.normalize(p.getKey()), p.getKey())));
        return out;
    }

    static Map<String, JsonNode> operations(JsonNode pathItem) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String m : List.of("get", "put", "post", "delete", "options", "head", "patch", "trace")) {
            if (pathItem.has(m)) {
                out.put(m, pathItem.get(m));
            }
        }
        return out;
    }

    /** Query parameters of an operation and of its path item, $refs resolved, by name. */
    static Map<String, JsonNode> queryParams(JsonNode doc, JsonNode pathItem, JsonNode operation) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode param = resolve(doc, p);
                if ("query".equals(param.path("in").asText())) {
                    out.put(param.path("name").asText(), param);
                }
            }
        }
        return out;
    }

    static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        assertThat(ref).startsWith("#/");
        JsonNode target = doc;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part.replace("~1", "/").replace("~0", "~"));
        }
        assertThat(target.isMissingNode()).as("unresolved " + ref).isFalse();
        return target;
    }

    static List<String> problems(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> messages = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
        if (result.getOpenAPI() == null) {
            messages.add("not parsed as OpenAPI");
        }
        return new ArrayList<>(new TreeSet<>(messages));
    }
}
