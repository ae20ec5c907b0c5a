package org.civicbroker.register;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Helpers of the register API tests: fixtures, a fresh tenant per test, a clock tests move. */
final class RegisterSupport {

    static final String REGISTER = "/ngsi-ld/v1/x-register";

    private RegisterSupport() {
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    static String newId(String type) {
        return "urn:ngsi-ld:" + type + ":" + UUID.randomUUID();
    }

    static String fixture(String name) {
        return fixture(name, "");
    }

    static String fixture(String name, String id) {
        String path = "/fixtures/register/" + name;
        try (InputStream in = RegisterSupport.class.getResourceAsStream(path)) {
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

    static Response putEntry(String tenant, String type, String fixture) {
        return as(tenant).body(fixture(fixture)).put(REGISTER + "/datasets/" + type);
    }

    /** A {@link RegisterClock} fixed at an instant the test chooses (installed with QuarkusMock). */
    static final class FixedClock extends RegisterClock {
        private volatile Instant now;

        FixedClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Clock clock() {
            return Clock.fixed(now, ZoneOffset.UTC);
        }
    }
}
