package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The official Smart Data Models examples shipped in smart-data-models/, in the forms the broker
 * accepts on POST /entities (application/ld+json, @context in the body). Conversions, where needed:
 * NGSI-LD key-values -> normalized (KeyValuesInput); normalized -> concise (attribute "type" dropped);
 * NGSI-v2 normalized/key-values -> NGSI-LD (v2 attribute types -> Property/Relationship/GeoProperty,
 * metadata dropped, ids that are not URNs prefixed with urn:ngsi-ld:<Type>:, the subject's @context).
 * The retired https://fiware.github.io/data-models/context.jsonld (IndoorEnvironmentObserved) is not
 * shipped and cannot be fetched offline; it is dropped from the examples' @context.
 */
final class SdmExamples {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RETIRED = "https://fiware.github.io/data-models/context.jsonld";

    /** Forms of one example. */
    enum Form { NORMALIZED_LD, KEY_VALUES_LD, CONCISE_LD, NORMALIZED_V2, KEY_VALUES_V2 }

    record Example(String folder, Form form, ObjectNode body) {
        String model() {
            return folder.substring(folder.indexOf('/') + 1);
        }

        @Override
        public String toString() {
            return model() + " " + form;
        }
    }

    static List<String> folders() {
        List<String> out = new ArrayList<>();
        read("index.json").path("models").forEach(m -> out.add(m.asText()));
        return out;
    }

    static JsonNode read(String rel) {
        try (InputStream in = SdmExamples.class.getClassLoader().getResourceAsStream(ModelFiles.RESOURCE_ROOT + rel)) {
            if (in == null) {
                throw new IllegalArgumentException("missing " + rel);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Example example(String folder, Form form) {
        String subject = folder.substring(0, folder.indexOf('/'));
        String ctx = "https://raw.githubusercontent.com/smart-data-models/" + subject + "/master/context.jsonld";
        return switch (form) {
            case NORMALIZED_LD -> new Example(folder, form, dropRetired(read(folder + "/examples/example-normalized.jsonld")));
            case KEY_VALUES_LD -> new Example(folder, form,
                    KeyValuesInput.normalized(dropRetired(read(folder + "/examples/example.jsonld"))));
            case CONCISE_LD -> new Example(folder, form, concise(dropRetired(read(folder + "/examples/example-normalized.jsonld"))));
            case NORMALIZED_V2 -> new Example(folder, form, fromV2(read(folder + "/examples/example-normalized.json"), ctx, false));
            case KEY_VALUES_V2 -> new Example(folder, form, fromV2(read(folder + "/examples/example.json"), ctx, true));
        };
    }

    static List<Example> all() {
        List<Example> out = new ArrayList<>();
        for (String f : folders()) {
            for (Form form : Form.values()) {
                out.add(example(f, form));
            }
        }
        return out;
    }

    static ObjectNode dropRetired(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        JsonNode ctx = copy.get("@context");
        if (ctx != null && ctx.isArray()) {
            ArrayNode kept = MAPPER.createArrayNode();
            ctx.forEach(c -> {
                if (!RETIRED.equals(c.asText())) {
                    kept.add(c);
                }
            });
            copy.set("@context", kept);
        }
        return copy;
    }

    /** Concise (clause 4.5.3): the attribute "type" member is implied by the value member. */
    static ObjectNode concise(ObjectNode normalized) {
        ObjectNode out = normalized.deepCopy();
        out.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && e.getValue().has("type") && !e.getKey().equals("@context")) {
                ((ObjectNode) e.getValue()).remove("type");
            }
        });
        return out;
    }

    static ObjectNode fromV2(JsonNode v2, String ctx, boolean keyValues) {
        ObjectNode out = MAPPER.createObjectNode();
        String type = v2.get("type").asText();
        String id = v2.get("id").asText();
        out.put("id", id.startsWith("urn:") ? id : "urn:ngsi-ld:" + type + ":" + id);
        out.put("type", type);
        v2.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (name.equals("id") || name.equals("type")) {
                return;
            }
            if (keyValues) {
                out.set(name, e.getValue());
                return;
            }
            JsonNode a = e.getValue();
            String t = a.path("type").asText();
            ObjectNode attr = MAPPER.createObjectNode();
            if (t.equals("Relationship")) {
                attr.put("type", "Relationship");
                attr.set("object", a.get("value"));
            } else {
                attr.put("type", t.equals("geo:json") ? "GeoProperty" : "Property");
                attr.set("value", a.get("value"));
            }
            out.set(name, attr);
        });
        ObjectNode body = keyValues ? KeyValuesInput.normalized(out) : out;
        body.put("@context", ctx);
        return body;
    }
}
