package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One attribute instance in the broker's internal (expanded) model.
 *
 * <p>{@code value} holds the type's content whatever its normalized member is called: the Property or
 * GeoProperty value, the Relationship object (a URI string), the LanguageProperty language map, the
 * VocabProperty vocab (expanded IRIs), the ListProperty valueList, the ListRelationship objectList
 * (array of URI strings) or the JsonProperty json. Property values that are JSON objects are kept as
 * given (their keys are not JSON-LD expanded); see docs/architecture.md.
 *
 * @param datasetId null for the default instance (clause 4.5.5)
 * @param objectType expanded IRI of the Relationship's object type, or null
 * @param subAttributes keyed by expanded IRI, in insertion order
 */
public record Attribute(
        AttributeType type,
        JsonNode value,
        String datasetId,
        Instant observedAt,
        String unitCode,
        String objectType,
        Instant createdAt,
        Instant modifiedAt,
        Map<String, Attribute> subAttributes) {

    public Attribute {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        subAttributes = subAttributes == null || subAttributes.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(subAttributes));
    }

    public static Attribute of(AttributeType type, JsonNode value) {
        return new Attribute(type, value, null, null, null, null, null, null, Map.of());
    }

    public Attribute withTimestamps(Instant created, Instant modified) {
        return new Attribute(type, value, datasetId, observedAt, unitCode, objectType, created, modified, subAttributes);
    }

    public Attribute withSubAttributes(Map<String, Attribute> subs) {
        return new Attribute(type, value, datasetId, observedAt, unitCode, objectType, createdAt, modifiedAt, subs);
    }

    public Attribute withValue(JsonNode newValue) {
        return new Attribute(type, newValue, datasetId, observedAt, unitCode, objectType, createdAt, modifiedAt, subAttributes);
    }

    /** True when both instances have the same datasetId (null = default instance). */
    public boolean sameInstance(String otherDatasetId) {
        return Objects.equals(datasetId, otherDatasetId);
    }
}
