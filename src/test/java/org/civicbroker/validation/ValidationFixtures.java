package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Fixtures under fixtures/validation/ and small helpers shared by the validation API tests. */
final class ValidationFixtures {

    static final String ENTITIES = "/ngsi-ld/v1/entities";
    static final String X = "/ngsi-ld/v1/x-validation";

    private ValidationFixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = ValidationFixtures.class.getResourceAsStream("/fixtures/validation/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return SdmExamples.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    /** The id made unique, so examples can be posted more than once in one tenant. */
    static String uniqueId(String id) {
        return id + "-" + UUID.randomUUID();
    }
}
