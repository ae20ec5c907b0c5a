package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.DateTimes;

/**
 * Renders attributes of the internal model in the normalized (clauses 4.5.2.2, 4.5.3.2, 4.5.18.2,
 * 4.5.20-4.5.24), concise (4.5.2.3, 4.5.3.3, ...) and simplified (4.5.4) representations, with the
 * {@code lang} reduction of clause 4.15. Stateless and thread-safe.
 */
public final class AttributeRenderer {

    static final String DATASET = "dataset";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * All instances of one attribute. One instance renders as itself; several render as an array of
     * instance objects (normalized, concise) or, simplified, as {@code {"dataset": {datasetId|"@none": value}}}
     * (clause 4.5.4).
     */
    public JsonNode render(List<Attribute> instances, LdContext ctx, RenderOptions o) {
        if (instances.size() == 1) {
            return renderInstance(instances.get(0), ctx, o);
        }
        if (o.format() == Format.SIMPLIFIED) {
            ObjectNode byDataset = F.objectNode();
            for (Attribute a : instances) {
                byDataset.set(a.datasetId() == null ? LanguageChoice.NONE : a.datasetId(), simplified(a, ctx, o));
            }
            ObjectNode out = F.objectNode();
            out.set(DATASET, byDataset);
            return out;
        }
        ArrayNode array = F.arrayNode();
        for (Attribute a : instances) {
            // Inside an array every instance keeps its object form: a bare value could not carry datasetId.
            array.add(o.format() == Format.CONCISE ? concise(a, ctx, o, false) : normalized(a, ctx, o));
        }
        return array;
    }

    /** One attribute instance (or sub-attribute) in the requested format. */
    public JsonNode renderInstance(Attribute a, LdContext ctx, RenderOptions o) {
        return switch (o.format()) {
            case NORMALIZED -> normalized(a, ctx, o);
            case CONCISE -> concise(a, ctx, o, true);
            case SIMPLIFIED -> simplified(a, ctx, o);
        };
    }

    ObjectNode normalized(Attribute a, LdContext ctx, RenderOptions o) {
        ObjectNode n = F.objectNode();
        Map.Entry<String, JsonNode> chosen = chosenLanguage(a, o);
        if (chosen != null) {
            // Clause 4.15: with lang, a LanguageProperty is returned as a Property plus the lang it used.
            n.put("type", AttributeType.PROPERTY.term());
            n.set("value", chosen.getValue().deepCopy());
            n.put("lang", chosen.getKey());
        } else {
            n.put("type", a.type().term());
            n.set(a.type().valueMember(), content(a, ctx));
        }
        if (a.objectType() != null) {
            n.put("objectType", ctx.compact(a.objectType()));
        }
        if (a.observedAt() != null) {
            n.put("observedAt", DateTimes.format(a.observedAt()));
        }
        if (a.unitCode() != null) {
            n.put("unitCode", a.unitCode());
        }
        if (a.datasetId() != null) {
            n.put("datasetId", a.datasetId());
        }
        if (o.sysAttrs()) {
            if (a.createdAt() != null) {
                n.put("createdAt", DateTimes.format(a.createdAt()));
            }
            if (a.modifiedAt() != null) {
                n.put("modifiedAt", DateTimes.format(a.modifiedAt()));
            }
        }
        a.subAttributes().forEach((iri, sub) -> n.set(ctx.compact(iri), renderInstance(sub, ctx, o)));
        return n;
    }

    /**
     * Concise: the normalized form without {@code type}, since the value member names the type. A Property
     * whose only member is a scalar value becomes that bare value, and a GeoProperty with no other member
     * becomes its bare GeoJSON (the GeoJSON {@code type} identifies it). Object and array Property values
     * keep {@code {"value": ...}} so that reading the output back cannot mistake them for attribute
     * structure or for several instances.
     */
    JsonNode concise(Attribute a, LdContext ctx, RenderOptions o, boolean allowBare) {
        ObjectNode n = normalized(a, ctx, o);
        String type = n.remove("type").asText();
        if (allowBare && n.size() == 1 && n.has("value")) {
            JsonNode value = n.get("value");
            boolean geo = AttributeType.GEO_PROPERTY.term().equals(type);
            if (geo || value.isValueNode()) {
                return value;
            }
        }
        return n;
    }

    /** Simplified (clause 4.5.4): the value only, no metadata and no sub-attributes. */
    JsonNode simplified(Attribute a, LdContext ctx, RenderOptions o) {
        Map.Entry<String, JsonNode> chosen = chosenLanguage(a, o);
        if (chosen != null) {
            return chosen.getValue().deepCopy();
        }
        return switch (a.type()) {
            // ListRelationship: the plain array of object URIs.
            case PROPERTY, GEO_PROPERTY, RELATIONSHIP, LIST_PROPERTY, LIST_RELATIONSHIP -> a.value().deepCopy();
            // These keep their member name so that a keyValues body stays unambiguous (clause 4.5.4).
            case LANGUAGE_PROPERTY, VOCAB_PROPERTY, JSON_PROPERTY -> wrap(a.type().valueMember(), content(a, ctx));
        };
    }

    /** The normalized value member's content: vocab IRIs compacted, objectList entries as objects. */
    private JsonNode content(Attribute a, LdContext ctx) {
        JsonNode v = a.value();
        return switch (a.type()) {
            case VOCAB_PROPERTY -> compactIris(v, ctx);
            case LIST_RELATIONSHIP -> objectList(v);
            default -> v.deepCopy();
        };
    }

    private static JsonNode compactIris(JsonNode v, LdContext ctx) {
        if (v.isTextual()) {
            return TextNode.valueOf(ctx.compact(v.asText()));
        }
        if (v.isArray()) {
            ArrayNode out = F.arrayNode();
            v.forEach(item -> out.add(item.isTextual() ? TextNode.valueOf(ctx.compact(item.asText())) : item.deepCopy()));
            return out;
        }
        return v.deepCopy();
    }

    /**
     * Clause 4.5.22.2 (and Annex C): objectList is an array of {"object": URI} objects; the core context
     * gives objectList no {@code @type: @id}, so bare strings would not be read back as URIs.
     */
    private static JsonNode objectList(JsonNode v) {
        if (!v.isArray()) {
            return v.deepCopy();
        }
        ArrayNode out = F.arrayNode();
        v.forEach(item -> out.add(item.isTextual() ? wrap("object", item) : item.deepCopy()));
        return out;
    }

    private static ObjectNode wrap(String member, JsonNode value) {
        ObjectNode o = F.objectNode();
        o.set(member, value.isValueNode() ? value : value.deepCopy());
        return o;
    }

    private static Map.Entry<String, JsonNode> chosenLanguage(Attribute a, RenderOptions o) {
        if (a.type() != AttributeType.LANGUAGE_PROPERTY || !o.picksLanguage() || !a.value().isObject()) {
            return null;
        }
        return LanguageChoice.parse(o.lang()).choose(a.value());
    }
}
