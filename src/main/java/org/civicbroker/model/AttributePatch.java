package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partial attribute update (PATCH /entities/{id}/attrs/{attrId}, clause 5.6.4): every member is
 * optional, so unlike {@link Attribute} a null field means "not given, keep the stored one".
 *
 * <p>The service merges it into the stored instance selected by {@code datasetId} (null = default
 * instance): non-null fields replace the stored ones, each sub-attribute replaces the stored one of the
 * same IRI, and a sub-attribute whose value is {@link NgsiNull#NODE} removes it. A {@code value} equal
 * to {@link NgsiNull#NODE} asks to delete the instance.
 *
 * @param type the declared type, or the type inferred from the value member when no type was given
 *     ({@code value} infers Property, or GeoProperty when the value is a geometry), or null when neither
 *     a type nor a value member was given
 * @param typeDeclared true when the body carried {@code type}; see {@link #compatibleWith}
 * @param value the content of the type's value member (same encoding as {@link Attribute#value()}), or
 *     null when not given
 * @param subAttributes sub-attributes to set or (marked) remove, keyed by expanded IRI
 */
public record AttributePatch(
        AttributeType type,
        boolean typeDeclared,
        JsonNode value,
        String datasetId,
        Instant observedAt,
        String unitCode,
        String objectType,
        Map<String, Attribute> subAttributes) {

    public AttributePatch {
        subAttributes = subAttributes == null || subAttributes.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(subAttributes));
    }

    /**
     * Whether this patch may be applied to a stored instance of type {@code existing}: a declared type
     * must be equal; an inferred type must use the same value member, except that a non-geometry
     * {@code value} cannot go into a GeoProperty (a geometry-shaped value may go into a Property).
     */
    public boolean compatibleWith(AttributeType existing) {
        if (type == null) {
            return true;
        }
        if (typeDeclared) {
            return type == existing;
        }
        if (type == AttributeType.GEO_PROPERTY) {
            return existing == AttributeType.GEO_PROPERTY || existing == AttributeType.PROPERTY;
        }
        return type == existing;
    }
}
