package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;

/**
 * Reduces a stored entity to the key-values ("simplified", clause 4.5.4) shape that Smart Data Models
 * schemas describe: each attribute becomes its bare content (Property/GeoProperty value, Relationship
 * object, LanguageProperty languageMap, VocabProperty vocab, ListProperty valueList, ListRelationship
 * objectList, JsonProperty json), JSON-LD typed literals ({@code {"@type":"DateTime","@value":"..."}},
 * clause 4.6.3) are unwrapped to their {@code @value}, and attribute names are compacted with the
 * model's own @context so they match the schema's property names whatever context the writer used.
 * Sub-attributes (unitCode, observedAt, ...) are not covered by the schemas and are dropped.
 *
 * <p>Multi-attribute instances (clause 4.5.5): the schemas describe one value per attribute, so the
 * default instance (no datasetId) is validated; when an attribute has only datasetId instances, the
 * first one stands for it (so a required attribute written only with a datasetId still counts). Other
 * instances are not validated. Pure code.
 */
public final class KeyValuesForm {

    private KeyValuesForm() {
    }

    /**
     * @param typeName the entity type as the schema expects it (the model's short name)
     * @param model the model's processed @context
     */
    public static ObjectNode of(Entity entity, String typeName, LdContext model) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", entity.id());
        out.put("type", typeName);
        entity.attributes().forEach((iri, instances) -> {
            Attribute chosen = representative(instances);
            if (chosen != null) {
                out.set(model.compact(iri), content(chosen, model));
            }
        });
        return out;
    }

    static Attribute representative(List<Attribute> instances) {
        for (Attribute a : instances) {
            if (a.datasetId() == null) {
                return a;
            }
        }
        return instances.isEmpty() ? null : instances.get(0);
    }

    static JsonNode content(Attribute a, LdContext model) {
        return switch (a.type()) {
            case PROPERTY, LIST_PROPERTY -> unwrapTyped(a.value());
            case VOCAB_PROPERTY -> compactVocab(a.value(), model);
            default -> a.value();
        };
    }

    /** {@code {"@type": T, "@value": v}} -> v, at any depth of arrays and objects. */
    static JsonNode unwrapTyped(JsonNode node) {
        if (node.isObject()) {
            if (node.has("@value") && (node.size() == 1 || node.size() == 2 && node.has("@type"))) {
                return node.get("@value");
            }
            ObjectNode copy = null;
            var fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode u = unwrapTyped(e.getValue());
                if (u != e.getValue()) {
                    if (copy == null) {
                        copy = ((ObjectNode) node).deepCopy();
                    }
                    copy.set(e.getKey(), u);
                }
            }
            return copy != null ? copy : node;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode u = unwrapTyped(node.get(i));
                if (u != node.get(i)) {
                    if (copy == null) {
                        copy = ((ArrayNode) node).deepCopy();
                    }
                    copy.set(i, u);
                }
            }
            return copy != null ? copy : node;
        }
        return node;
    }

    /** Vocab values are stored expanded (clause 4.5.18); the schemas use the short terms. */
    private static JsonNode compactVocab(JsonNode value, LdContext model) {
        if (value.isTextual()) {
            return JsonNodeFactory.instance.textNode(model.compact(value.asText()));
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(v.isTextual() ? JsonNodeFactory.instance.textNode(model.compact(v.asText())) : v));
            return out;
        }
        return value;
    }
}
