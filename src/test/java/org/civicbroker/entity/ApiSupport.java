package org.civicbroker.entity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Shared helpers of the entity API tests: fixture loading with id templating ({@code {{id}}} in a
 * fixture becomes the test's entity id), a fresh tenant per test, and ProblemDetails assertions.
 */
public final class ApiSupport {

    public static final String BASE = "/ngsi-ld/v1/entities";
    public static final String CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    public static final String CORE_LINK = "<" + CORE_CONTEXT
            + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    public static final String TENANT = "NGSILD-Tenant";
    public static final String JSON = "application/json";
    public static final String LD_JSON = "application/ld+json";

    private ApiSupport() {
    }

    /** A tenant name of its own for one test. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    /** A unique entity id of the given type. */
    public static String newId(String type) {
        return "urn:ngsi-ld:" + type + ":" + UUID.randomUUID();
    }

    /** The text of {@code fixtures/entity/<name>}. */
    public static String fixture(String name) {
        String path = "/fixtures/entity/" + name;
        try (InputStream in = ApiSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with every {@code {{id}}} replaced by {@code id}. */
    public static String fixture(String name, String id) {
        return fixture(name).replace("{{id}}", id);
    }

    public static String path(String id) {
        return BASE + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    public static String attrPath(String id, String attr) {
        return path(id) + "/attrs/" + URLEncoder.encode(attr, StandardCharsets.UTF_8);
    }

    /** A request in {@code tenant}. */
    public static RequestSpecification in(String tenant) {
        return given().header(TENANT, tenant).urlEncodingEnabled(false);
    }

    /** POSTs an application/json entity and asserts 201. */
    public static void create(String tenant, String body) {
        in(tenant).contentType(JSON).body(body).when().post(BASE).then().statusCode(201);
    }

    /** GETs the entity (application/json, normalized) and asserts 200. */
    public static ValidatableResponse get(String tenant, String id) {
        return in(tenant).accept(JSON).when().get(path(id)).then().statusCode(200);
    }

    /** Asserts that the entity does not exist in the tenant. */
    public static void assertAbsent(String tenant, String id) {
        in(tenant).when().get(path(id)).then().statusCode(404);
    }

    /** Asserts a ProblemDetails response of the given status and ETSI error type. */
    public static ValidatableResponse problem(ValidatableResponse r, int status, String errorType) {
        return r.statusCode(status)
                .contentType(startsWith(JSON))
                .body("type", equalTo("https://uri.etsi.org/ngsi-ld/errors/" + errorType))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue());
    }
}
