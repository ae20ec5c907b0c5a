package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The NGSI-LD null marker {@code urn:ngsi-ld:null} (clause 4.5.x "NGSI-LD Null", used by merge-patch,
 * clause 5.6.17, and partial attribute update, clause 5.6.4): JSON-LD drops JSON {@code null}, so a
 * deletion is requested with this reserved URI instead.
 *
 * <p>After parsing, a deletion request is always represented by an {@link Attribute} (or
 * {@link AttributePatch}) whose value is exactly the text node {@link #NODE}, whichever member carried
 * the marker ({@code "value": "urn:ngsi-ld:null"}, {@code "object": ...}, {@code "vocab": ...},
 * {@code "json": ...}, {@code "languageMap": {"@none": ...}}, {@code "valueList": [...]},
 * {@code "objectList": [...]}, or the marker given as the whole attribute). For top-level attributes
 * the parser moves these into {@link Fragment#deletions()}; marked sub-attributes stay in
 * {@link Attribute#subAttributes()} and the service removes them from the stored attribute.
 */
public final class NgsiNull {

    public static final String URN = "urn:ngsi-ld:null";
    public static final TextNode NODE = TextNode.valueOf(URN);

    private NgsiNull() {
    }

    /**
     * The NGSI-LD Null standing for a deleted instance of an attribute of type {@code t}: the marker
     * string, and for a LanguageProperty the languageMap {@code {"@none": "urn:ngsi-ld:null"}} (clause
     * 4.5.x NGSI-LD Null; used by notifications of deletions, clause 5.8.6, and by deletion instances
     * of the temporal history, clause 4.5.7).
     */
    public static JsonNode of(AttributeType t) {
        return t == AttributeType.LANGUAGE_PROPERTY ? JsonNodeFactory.instance.objectNode().put("@none", URN) : NODE;
    }

    /** True when the JSON value is the null marker string. */
    public static boolean isMarker(JsonNode node) {
        return node != null && node.isTextual() && URN.equals(node.textValue());
    }

    /** True when the attribute (or sub-attribute) asks for its deletion. */
    public static boolean isDeletion(Attribute attribute) {
        return attribute != null && isMarker(attribute.value());
    }
}
