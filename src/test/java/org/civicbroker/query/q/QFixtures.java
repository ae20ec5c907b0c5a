package org.civicbroker.query.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;

/** Loads the q test entities (fixtures/q/entities.json): a compact shape, expanded with {@link #EXPANDER}. */
final class QFixtures {

    /** Test @context: every term maps into a namespace whose IRI contains '.' (exercises key encoding). */
    static final UnaryOperator<String> EXPANDER = term -> "https://ex.org/ns#" + term;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QFixtures() {
    }

    static List<Entity> entities() {
        try (InputStream in = QFixtures.class.getResourceAsStream("/fixtures/q/entities.json")) {
            List<Entity> out = new ArrayList<>();
            for (JsonNode e : MAPPER.readTree(in)) {
                Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
                e.get("attrs").fields().forEachRemaining(f -> {
                    List<Attribute> instances = new ArrayList<>();
                    f.getValue().forEach(i -> instances.add(attribute(i)));
                    attrs.put(EXPANDER.apply(f.getKey()), instances);
                });
                out.add(new Entity(e.get("id").asText(), List.of(EXPANDER.apply(e.get("type").asText())), null,
                        null, null, attrs));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Attribute attribute(JsonNode n) {
        Map<String, Attribute> subs = new LinkedHashMap<>();
        n.path("sub").fields().forEachRemaining(f -> subs.put(EXPANDER.apply(f.getKey()), attribute(f.getValue())));
        return new Attribute(AttributeType.of(n.get("type").asText()).orElseThrow(), n.get("value"),
                text(n, "datasetId"), instant(n, "observedAt"), text(n, "unitCode"), null,
                instant(n, "createdAt"), null, subs);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }
}
