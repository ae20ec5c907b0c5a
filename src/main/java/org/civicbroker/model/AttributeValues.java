package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;

/**
 * Validates the content of an attribute's value member for its type (clauses 4.5.2 to 4.5.24) and
 * returns what {@link Attribute#value()} stores.
 */
final class AttributeValues {

    /** BCP 47 basic shape: primary subtag of 2-8 letters, then 1-8 alphanumeric subtags. */
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final String NONE = "@none";

    private final Consumer<JsonNode> geometryValidator;

    AttributeValues(Consumer<JsonNode> geometryValidator) {
        this.geometryValidator = geometryValidator == null ? g -> { } : geometryValidator;
    }

    /**
     * @param nullMarkers true when {@code urn:ngsi-ld:null} asks for a deletion (merge-patch, partial
     *     update); the marker is then returned as {@link NgsiNull#NODE} whatever the member's shape
     */
    JsonNode validate(String display, AttributeType type, JsonNode node, LdContext ctx, boolean nullMarkers) {
        if (nullMarkers && isNullMarker(type, node)) {
            return NgsiNull.NODE;
        }
        String member = "'" + type.valueMember() + "'";
        if (node.isNull()) {
            throw bad(display, type.term() + " " + member + " must not be null");
        }
        return switch (type) {
            case PROPERTY -> node;
            case RELATIONSHIP -> relationshipObject(display, node);
            case GEO_PROPERTY -> geometry(display, node);
            case LANGUAGE_PROPERTY -> languageMap(display, node);
            case VOCAB_PROPERTY -> vocab(display, node, ctx);
            case LIST_PROPERTY -> valueList(display, node);
            case LIST_RELATIONSHIP -> objectList(display, node);
            case JSON_PROPERTY -> {
                if (!node.isObject() && !node.isArray()) {
                    throw bad(display, "JsonProperty 'json' must be a JSON object or array");
                }
                yield node;
            }
        };
    }

    private static boolean isNullMarker(AttributeType type, JsonNode node) {
        if (NgsiNull.isMarker(node)) {
            return true;
        }
        return switch (type) {
            case LANGUAGE_PROPERTY -> node.isObject() && node.size() == 1 && NgsiNull.isMarker(node.get(NONE));
            case LIST_PROPERTY, LIST_RELATIONSHIP -> node.isArray() && node.size() == 1
                    && (NgsiNull.isMarker(node.get(0)) || NgsiNull.isMarker(node.get(0).get("object")));
            default -> false;
        };
    }

    /** V1.8 allows one target URI or an array of them (unordered 1:n Relationship). */
    private static JsonNode relationshipObject(String display, JsonNode node) {
        if (node.isTextual()) {
            requireUri(display, "Relationship 'object'", node);
            return node;
        }
        if (node.isArray() && !node.isEmpty()) {
            node.forEach(e -> requireUri(display, "Relationship 'object'", e));
            return node;
        }
        throw bad(display, "Relationship 'object' must be a URI or a non-empty array of URIs");
    }

    private JsonNode geometry(String display, JsonNode node) {
        if (!GeoShapes.isGeometry(node)) {
            throw bad(display, "GeoProperty 'value' must be a GeoJSON geometry "
                    + "(an object with a geometry 'type' and a 'coordinates' array, or a GeometryCollection)");
        }
        try {
            geometryValidator.accept(node);
        } catch (NgsiException e) {
            throw bad(display, "invalid GeoJSON geometry: " + e.getMessage());
        } catch (RuntimeException e) {
            throw bad(display, "invalid GeoJSON geometry");
        }
        return node;
    }

    private static JsonNode languageMap(String display, JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw bad(display, "LanguageProperty 'languageMap' must be a non-empty object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!NONE.equals(e.getKey()) && !LANGUAGE_TAG.matcher(e.getKey()).matches()) {
                throw bad(display, "'" + e.getKey() + "' is not a language tag (BCP 47) or @none");
            }
            JsonNode v = e.getValue();
            boolean ok = v.isTextual() || (v.isArray() && !v.isEmpty() && allTextual(v));
            if (!ok) {
                throw bad(display, "languageMap entry '" + e.getKey() + "' must be a string or an array of strings");
            }
        }
        return node;
    }

    private static JsonNode vocab(String display, JsonNode node, LdContext ctx) {
        if (node.isTextual()) {
            return TextNode.valueOf(vocabIri(display, node.textValue(), ctx));
        }
        if (node.isArray() && !node.isEmpty() && allTextual(node)) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(e -> out.add(vocabIri(display, e.textValue(), ctx)));
            return out;
        }
        throw bad(display, "VocabProperty 'vocab' must be a string or a non-empty array of strings");
    }

    private static String vocabIri(String display, String term, LdContext ctx) {
        if (!Names.isValidName(term)) {
            throw bad(display, "vocab '" + term + "' is not a valid term or IRI");
        }
        String iri = ctx.expand(term);
        if (iri == null || iri.isEmpty()) {
            throw bad(display, "vocab '" + term + "' cannot be expanded");
        }
        return iri;
    }

    private static JsonNode valueList(String display, JsonNode node) {
        if (!node.isArray()) {
            throw bad(display, "ListProperty 'valueList' must be an array");
        }
        node.forEach(e -> {
            if (e.isNull()) {
                throw bad(display, "ListProperty 'valueList' must not contain null");
            }
        });
        return node;
    }

    /** Elements are URIs or {@code {"object": URI}} (normalized form); stored as an array of URI strings. */
    private static JsonNode objectList(String display, JsonNode node) {
        if (!node.isArray()) {
            throw bad(display, "ListRelationship 'objectList' must be an array");
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
        for (JsonNode e : node) {
            JsonNode uri = e.isObject() && e.size() == 1 ? e.get("object") : e;
            requireUri(display, "ListRelationship 'objectList' element", uri);
            out.add(uri.textValue());
        }
        return out;
    }

    static void requireUri(String display, String what, JsonNode node) {
        if (node == null || !node.isTextual() || !Uris.isAbsoluteUri(node.textValue())) {
            throw bad(display, what + " must be an absolute URI, got " + abbreviate(node));
        }
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(JsonNode node) {
        String s = node == null ? "nothing" : node.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static NgsiException bad(String display, String problem) {
        return NgsiException.badData("attribute '" + display + "': " + problem);
    }
}
