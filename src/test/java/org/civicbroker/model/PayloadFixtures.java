package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.civicbroker.common.error.NgsiException;

/** Fixture loading and the parser under test, shared by the payload tests. */
final class PayloadFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final FakeLdContext CTX = FakeLdContext.INSTANCE;

    /** Stands in for the geo feature's validator: rejects longitudes outside [-180, 180]. */
    static final EntityParser PARSER = new EntityParser(geometry -> {
        JsonNode c = geometry.path("coordinates");
        if ("Point".equals(geometry.path("type").asText()) && Math.abs(c.path(0).asDouble()) > 180) {
            throw NgsiException.badData("longitude out of range");
        }
    });

    private PayloadFixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = PayloadFixtures.class.getResourceAsStream("/fixtures/payload/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
