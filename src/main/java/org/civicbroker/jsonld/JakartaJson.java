package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * Bridges Jackson (what the broker uses) to Jakarta JSON-P (what Titanium consumes). A text round
 * trip is enough: it runs once per distinct context, never on the cached hot path.
 */
final class JakartaJson {

    private JakartaJson() {
    }

    static JsonValue of(JsonNode node) {
        try (JsonReader reader = Json.createReader(new StringReader(node.toString()))) {
            return reader.readValue();
        }
    }
}
