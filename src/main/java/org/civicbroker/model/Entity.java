package org.civicbroker.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An NGSI-LD entity in the broker's internal (expanded) model.
 *
 * @param id the entity id (an absolute URI)
 * @param types expanded type IRIs (at least one)
 * @param scopes scopes (clause 4.18), possibly empty
 * @param attributes expanded attribute IRI -> instances (one per datasetId; the default instance has a
 *     null datasetId), in insertion order. Never holds an empty list.
 */
public record Entity(
        String id,
        List<String> types,
        List<String> scopes,
        Instant createdAt,
        Instant modifiedAt,
        Map<String, List<Attribute>> attributes) {

    public Entity {
        Objects.requireNonNull(id, "id");
        types = List.copyOf(types);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        attributes = immutable(attributes);
    }

    /** An unmodifiable copy in the same order, without attributes that have no instance. */
    static Map<String, List<Attribute>> immutable(Map<String, List<Attribute>> attributes) {
        LinkedHashMap<String, List<Attribute>> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    copy.put(k, List.copyOf(v));
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    public List<Attribute> attribute(String iri) {
        return attributes.getOrDefault(iri, List.of());
    }

    public Entity withAttributes(Map<String, List<Attribute>> attrs) {
        return new Entity(id, types, scopes, createdAt, modifiedAt, attrs);
    }

    public Entity withModifiedAt(Instant modified) {
        return new Entity(id, types, scopes, createdAt, modified, attributes);
    }

    /** A mutable copy of the attribute map, for building a changed entity. */
    public Map<String, List<Attribute>> mutableAttributes() {
        Map<String, List<Attribute>> m = new LinkedHashMap<>();
        attributes.forEach((k, v) -> m.put(k, new ArrayList<>(v)));
        return m;
    }
}
