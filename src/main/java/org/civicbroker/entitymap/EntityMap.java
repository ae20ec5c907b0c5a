package org.civicbroker.entitymap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EntityMap (clause 5.2.39, clause 4.3.6.7): the candidate entities of a query, each with the
 * registrations that hold it ({@link #LOCAL} for this broker), fixed when the map is created so that later
 * pages of the same query consider the same entities (clause 5.5.9.3); {@code linkedMaps} names, per
 * registration, the map its source made of its part (clauses 5.14.4, 5.14.5), named again when the source is
 * asked for a page. Pure data.
 */
public record EntityMap(String id, String tenant, Instant expiresAt, Map<String, List<String>> entities,
        Map<String, String> linkedMaps) {

    /** The key of an entity held here (clause 5.2.39). */
    public static final String LOCAL = "@none";

    public EntityMap {
        entities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        linkedMaps = Map.copyOf(linkedMaps);
    }

    public EntityMap withExpiresAt(Instant at) {
        return new EntityMap(id, tenant, at, entities, linkedMaps);
    }

    /** The ids held by one holder ({@link #LOCAL} or a registration id), in map order. */
    public List<String> idsOf(String holder) {
        List<String> out = new ArrayList<>();
        entities.forEach((entity, holders) -> {
            if (holders.contains(holder)) {
                out.add(entity);
            }
        });
        return out;
    }

    /** Registration id -> the ids it holds (this broker left out). */
    public Map<String, List<String>> bySource() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        entities.forEach((entity, holders) -> holders.stream().filter(h -> !LOCAL.equals(h))
                .forEach(h -> out.computeIfAbsent(h, k -> new ArrayList<>()).add(entity)));
        return out;
    }

    /** The resource path of the map (the value of the NGSILD-EntityMap header, clause 6.4.3.2). */
    public String location() {
        return EntityMaps.PATH + "/" + id;
    }
}
