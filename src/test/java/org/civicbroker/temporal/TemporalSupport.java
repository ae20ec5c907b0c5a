package org.civicbroker.temporal;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Helpers of the temporal API tests: fixtures, a fresh tenant per test, requests with the core context. */
final class TemporalSupport {

    static final String BASE = "/ngsi-ld/v1/temporal/entities";

    private TemporalSupport() {
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    static String newId(String type) {
        return "urn:ngsi-ld:" + type + ":" + UUID.randomUUID();
    }

    static String fixture(String name, String id) {
        String path = "/fixtures/temporal/" + name;
        try (InputStream in = TemporalSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{id}}", id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestSpecification as(String tenant) {
        return given().header("NGSILD-Tenant", tenant).contentType("application/json").accept("application/json");
    }

    static Response create(String tenant, String body) {
        return as(tenant).body(body).post(BASE);
    }

    static String url(String id) {
        return BASE + "/" + id;
    }
}
