package org.civicbroker.model;

import static org.civicbroker.model.AttributeValues.bad;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.civicbroker.jsonld.LdContext;

/**
 * Parses one attribute (normalized or concise, clause 4.5) with its sub-attributes into the model.
 *
 * <p>Shape recognition of an attribute's JSON value:
 * <ul>
 *   <li>object with a string {@code type} naming an attribute type (term or IRI; {@code VocabularyProperty}
 *       of the 1.7 OpenAPI is read as VocabProperty): normalized;</li>
 *   <li>object whose {@code type} is a GeoJSON geometry type with coordinates/geometries: concise
 *       GeoProperty whose value is that object;</li>
 *   <li>any other {@code type}: rejected (e.g. {@code "type": "string"}), never guessed;</li>
 *   <li>object without {@code type} and with exactly one value member: concise, type inferred from the
 *       member ({@code value} is a GeoProperty when it is a geometry, else a Property);</li>
 *   <li>object with attribute members ({@code observedAt}, {@code unitCode}, {@code datasetId},
 *       {@code objectType}) but no value member: rejected, except in a partial update;</li>
 *   <li>any other JSON value (literal, array, object without NGSI-LD members): a Property with that
 *       value, kept verbatim (simplified input).</li>
 * </ul>
 * Ignored members: {@code createdAt}, {@code modifiedAt}, {@code deletedAt}, {@code instanceId} (system
 * generated, clause 4.8 / readOnly in the OpenAPI), {@code previous*} (notification-only),
 * {@code lang} (added by the broker to language-filtered output, clause 4.15). Every other member is a
 * sub-attribute.
 */
final class AttributeParser {

    /** Maximum nesting of sub-attributes (a sub-attribute of a sub-attribute ...). */
    static final int MAX_SUB_ATTRIBUTE_DEPTH = 16;

    static final List<String> VALUE_MEMBERS =
            List.of("value", "object", "languageMap", "vocab", "valueList", "objectList", "json");
    private static final Set<String> ATTRIBUTE_MEMBERS = Set.of("observedAt", "unitCode", "datasetId", "objectType");
    private static final Set<String> IGNORED_MEMBERS = Set.of("createdAt", "modifiedAt", "deletedAt", "instanceId",
            "lang", "previousValue", "previousObject", "previousLanguageMap", "previousVocab", "previousValueList",
            "previousObjectList", "previousJson");

    private final AttributeValues values;

    AttributeParser(Consumer<JsonNode> geometryValidator) {
        this.values = new AttributeValues(geometryValidator);
    }

    /** The instances of a top-level attribute: one, or several for an array of instances (clause 4.5.5). */
    List<Attribute> parseInstances(String display, JsonNode node, LdContext ctx, boolean nullMarkers) {
        if (node.isArray() && isInstanceArray(display, node)) {
            List<Attribute> instances = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                instances.add(parse(display, element, ctx, nullMarkers, 0));
            }
            checkInstances(display, instances);
            return instances;
        }
        return List.of(parse(display, node, ctx, nullMarkers, 0));
    }

    /** At most one default instance, and datasetIds unique (clause 4.5.5). */
    static void checkInstances(String display, List<Attribute> instances) {
        Set<String> seen = new HashSet<>();
        boolean hasDefault = false;
        for (Attribute a : instances) {
            if (a.datasetId() == null) {
                if (hasDefault) {
                    throw bad(display, "more than one default instance (instance without datasetId)");
                }
                hasDefault = true;
            } else if (!seen.add(a.datasetId())) {
                throw bad(display, "datasetId '" + a.datasetId() + "' is used by more than one instance");
            }
        }
    }

    /** A partial attribute update body (clause 5.6.4); see {@link AttributePatch}. */
    AttributePatch parsePatch(String display, JsonNode node, LdContext ctx) {
        if (!node.isObject()) {
            Attribute whole = parse(display, node, ctx, true, 0);
            return new AttributePatch(whole.type(), false, whole.value(), null, null, null, null, Map.of());
        }
        Shape shape = shape(display, node, true);
        if (shape.bare()) {
            // an Attribute Fragment (clause 5.6.4.3): without type or value member its members are
            // sub-attributes, and the type is the stored attribute's
            shape = new Shape(null, false, false, false);
        }
        if (shape.geometryItself()) {
            JsonNode geometry = values.validate(display, AttributeType.GEO_PROPERTY, node, ctx, false);
            return new AttributePatch(AttributeType.GEO_PROPERTY, false, geometry, null, null, null, null, Map.of());
        }
        Parts p = members(display, shape, node, ctx, true, 0, true);
        return new AttributePatch(shape.type(), shape.declared(), p.value, p.datasetId, p.observedAt, p.unitCode,
                p.objectType, p.subAttributes);
    }

    Attribute parse(String display, JsonNode node, LdContext ctx, boolean nullMarkers, int depth) {
        if (depth > MAX_SUB_ATTRIBUTE_DEPTH) {
            throw bad(display, "sub-attributes nest deeper than " + MAX_SUB_ATTRIBUTE_DEPTH + " levels");
        }
        if (node.isNull()) {
            throw bad(display, "null is not a valid attribute"
                    + (nullMarkers ? " (use \"" + NgsiNull.URN + "\" to delete)" : ""));
        }
        if (!node.isObject()) {
            return Attribute.of(AttributeType.PROPERTY, node);
        }
        Shape shape = shape(display, node, false);
        if (shape.bare()) {
            return Attribute.of(AttributeType.PROPERTY, node);
        }
        if (shape.geometryItself()) {
            return Attribute.of(AttributeType.GEO_PROPERTY,
                    values.validate(display, AttributeType.GEO_PROPERTY, node, ctx, false));
        }
        Parts p = members(display, shape, node, ctx, nullMarkers, depth, false);
        return new Attribute(shape.type(), p.value, p.datasetId, p.observedAt, p.unitCode, p.objectType,
                null, null, p.subAttributes);
    }

    /** How an attribute object is to be read. {@code type} is null for a bare value or a type-less patch. */
    private record Shape(AttributeType type, boolean declared, boolean bare, boolean geometryItself) {
    }

    private static Shape shape(String display, JsonNode obj, boolean partial) {
        JsonNode typeNode = obj.get("type");
        List<String> present = VALUE_MEMBERS.stream().filter(obj::has).toList();
        if (typeNode != null) {
            if (!typeNode.isTextual()) {
                throw bad(display, "'type' must be a string");
            }
            Optional<AttributeType> declared = typeOf(typeNode.textValue());
            if (declared.isPresent()) {
                return new Shape(declared.get(), true, false, false);
            }
            if (present.isEmpty() && GeoShapes.looksLikeGeometry(obj)) {
                return new Shape(AttributeType.GEO_PROPERTY, false, false, true);
            }
            throw bad(display, "'" + typeNode.textValue() + "' is not an NGSI-LD attribute type "
                    + "(Property, Relationship, GeoProperty, LanguageProperty, VocabProperty, ListProperty, "
                    + "ListRelationship, JsonProperty)");
        }
        if (present.size() > 1) {
            throw bad(display, "ambiguous attribute without 'type': it has the members " + present);
        }
        if (present.size() == 1) {
            String member = present.get(0);
            AttributeType inferred = "value".equals(member)
                    ? (GeoShapes.isGeometry(obj.get("value")) ? AttributeType.GEO_PROPERTY : AttributeType.PROPERTY)
                    : AttributeType.byValueMember(member).orElseThrow();
            return new Shape(inferred, false, false, false);
        }
        boolean hasAttributeMembers = ATTRIBUTE_MEMBERS.stream().anyMatch(obj::has);
        if (hasAttributeMembers) {
            if (partial) {
                return new Shape(null, false, false, false);
            }
            throw bad(display, "attribute without 'type' and without a value member (one of " + VALUE_MEMBERS + ")");
        }
        return new Shape(null, false, true, false);
    }

    private static Optional<AttributeType> typeOf(String text) {
        if ("VocabularyProperty".equals(text) || (AttributeType.NGSI_LD + "VocabularyProperty").equals(text)) {
            return Optional.of(AttributeType.VOCAB_PROPERTY);
        }
        return AttributeType.of(text);
    }

    /** The parsed members of a normalized/concise attribute object. */
    private static final class Parts {
        JsonNode value;
        String datasetId;
        Instant observedAt;
        String unitCode;
        String objectType;
        Map<String, Attribute> subAttributes = new LinkedHashMap<>();
    }

    private Parts members(String display, Shape shape, JsonNode obj, LdContext ctx, boolean nullMarkers, int depth,
            boolean partial) {
        Parts p = new Parts();
        AttributeType type = shape.type();
        if (type != null) {
            for (String member : VALUE_MEMBERS) {
                if (!member.equals(type.valueMember()) && obj.has(member)) {
                    throw bad(display, "a " + type.term() + " has no '" + member + "' member");
                }
            }
            JsonNode valueNode = obj.get(type.valueMember());
            if (valueNode == null) {
                if (!partial) {
                    throw bad(display, type.term() + " without '" + type.valueMember() + "'");
                }
            } else {
                p.value = values.validate(display, type, valueNode, ctx, nullMarkers);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if ("type".equals(name) || VALUE_MEMBERS.contains(name) || IGNORED_MEMBERS.contains(name)) {
                continue;
            }
            switch (name) {
                case "observedAt" -> p.observedAt = observedAt(display, v);
                case "unitCode" -> p.unitCode = unitCode(display, type, v);
                case "datasetId" -> {
                    AttributeValues.requireUri(display, "datasetId", v);
                    p.datasetId = v.textValue();
                }
                case "objectType" -> p.objectType = objectType(display, type, v, ctx);
                default -> subAttribute(display, name, v, ctx, nullMarkers, depth, p.subAttributes);
            }
        }
        return p;
    }

    private void subAttribute(String display, String name, JsonNode v, LdContext ctx, boolean nullMarkers, int depth,
            Map<String, Attribute> subs) {
        String path = display + "." + name;
        String iri = Names.attributeIri(name, path, ctx);
        if (v.isArray() && isInstanceArray(path, v)) {
            throw bad(path, "a sub-attribute cannot have several instances");
        }
        if (subs.put(iri, parse(path, v, ctx, nullMarkers, depth + 1)) != null) {
            throw bad(path, "given twice (as a term and as an IRI)");
        }
    }

    private static Instant observedAt(String display, JsonNode v) {
        Instant t = v.isTextual() ? DateTimes.tryParse(v.textValue()) : null;
        if (t == null) {
            throw bad(display, "observedAt " + AttributeValues.abbreviate(v) + " is not an ISO 8601 DateTime");
        }
        return t;
    }

    private static String unitCode(String display, AttributeType type, JsonNode v) {
        if (type != null && type != AttributeType.PROPERTY && type != AttributeType.LIST_PROPERTY) {
            throw bad(display, "a " + type.term() + " has no 'unitCode'");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw bad(display, "unitCode must be a non-empty string");
        }
        return v.textValue();
    }

    /** objectType (V1.8, Relationship and ListRelationship): a type name, expanded like entity types. */
    private static String objectType(String display, AttributeType type, JsonNode v, LdContext ctx) {
        if (type != null && !type.isRelationship()) {
            throw bad(display, "a " + type.term() + " has no 'objectType'");
        }
        JsonNode t = v.isArray() && v.size() == 1 ? v.get(0) : v;
        if (!t.isTextual() || !Names.isValidName(t.textValue())) {
            throw bad(display, "objectType must be one entity type name");
        }
        return Names.typeIri(t.textValue(), ctx);
    }

    /**
     * An array is a list of attribute instances when its elements are attribute objects (with an
     * attribute {@code type}, a value member or a datasetId); otherwise it is a Property value.
     */
    private static boolean isInstanceArray(String display, JsonNode array) {
        int instances = 0;
        for (JsonNode e : array) {
            if (e.isObject() && (typeOf(e.path("type").asText(null)).isPresent() || e.has("datasetId")
                    || VALUE_MEMBERS.stream().anyMatch(e::has))) {
                instances++;
            }
        }
        if (instances > 0 && instances < array.size()) {
            throw bad(display, "the array mixes attribute instances and plain values");
        }
        return instances > 0;
    }
}
