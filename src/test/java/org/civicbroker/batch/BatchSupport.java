package org.civicbroker.batch;

import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Helpers of the batch API tests: fixtures from {@code fixtures/batch/} with {@code {{name}}} placeholders,
 * batch requests, and reading BatchOperationResult bodies.
 */
final class BatchSupport {

    static final String OPS = "/ngsi-ld/v1/entityOperations/";
    static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";

    private BatchSupport() {
    }

    /** The fixture with every {@code {{key}}} replaced by its value. */
    static String fixture(String name, Map<String, String> values) {
        String path = "/fixtures/batch/" + name;
        try (InputStream in = BatchSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : values.entrySet()) {
                text = text.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs an application/json body to /entityOperations/{op} (op may carry a query string). */
    static ValidatableResponse post(String tenant, String op, String body) {
        return in(tenant).contentType(JSON).body(body).when().post(OPS + op).then();
    }

    /** The ids of a 207 body's {@code success}. */
    static List<String> success(ValidatableResponse r) {
        return JsonPath.from(r.extract().asString()).getList("success", String.class);
    }

    /** The {@code errors} of a 207 body: entityId -> ETSI error type name (the last per id). */
    static Map<String, String> errors(ValidatableResponse r) {
        List<Map<String, Object>> errors = JsonPath.from(r.extract().asString()).getList("errors");
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> e : errors) {
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) e.get("error");
            String type = String.valueOf(problem.get("type"));
            out.put(String.valueOf(e.get("entityId")), type.substring(type.lastIndexOf('/') + 1));
        }
        return out;
    }

    /** The {@code errors} of a 207 body as they are (a list of BatchEntityError objects). */
    static List<Map<String, Object>> errorList(ValidatableResponse r) {
        return JsonPath.from(r.extract().asString()).getList("errors");
    }
}
