package org.civicbroker.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;

/**
 * A validated context source registration (clause 5.2.9) with every name expanded, as matching and
 * forwarding use it. {@code source} keeps the members as the client sent them (its own terms, no
 * {@code @context}, no read-only members) and {@code context} the {@code @context} they are read with, so
 * the registration can be stored, re-parsed at start-up and compacted again for any reader.
 *
 * @param tenant the tenant of this broker that holds the registration (null = default tenant)
 * @param sourceTenant the tenant to name in requests to the context source (the member {@code tenant})
 * @param operations the operations the source accepts, groups expanded (clause 4.20)
 * @param contextSourceInfo key-value pairs conveyed as headers when contacting the source (clause 4.3.6.5)
 * @param geometries location, observationSpace and operationSpace, by expanded member IRI
 * @param timeoutMillis management.timeout (clause 5.2.34), 0 = the broker's default
 * @param cooldownMillis management.cooldown (clause 5.2.34), 0 = none
 */
public record Registration(
        String id,
        String tenant,
        JsonNode source,
        JsonNode context,
        List<Info> information,
        Mode mode,
        Set<String> operations,
        String endpoint,
        Map<String, String> contextSourceInfo,
        String sourceTenant,
        String contextSourceAlias,
        Instant expiresAt,
        Set<String> datasetIds,
        Map<String, Geometry> geometries,
        List<String> scopes,
        long timeoutMillis,
        long cooldownMillis,
        Interval observationInterval,
        Interval managementInterval,
        Instant createdAt,
        Instant modifiedAt) {

    public Registration {
        information = List.copyOf(information);
        operations = Set.copyOf(operations);
        contextSourceInfo = Map.copyOf(contextSourceInfo);
        datasetIds = Set.copyOf(datasetIds);
        geometries = Map.copyOf(geometries);
        scopes = List.copyOf(scopes);
    }

    /** TimeInterval (clause 5.2.11); end null = open. */
    public record Interval(Instant start, Instant end) {
        /** Whether [from, to] (to null = from only) overlaps this interval. */
        public boolean overlaps(Instant from, Instant to) {
            Instant upper = to == null ? from : to;
            return !upper.isBefore(start) && (end == null || !from.isAfter(end));
        }
    }

    /** Whether the source provides only the latest state (no observation or management interval, clause 5.10.2). */
    public boolean latest() {
        return observationInterval == null && managementInterval == null;
    }

    /** RegistrationInfo (clause 5.2.10): empty sets mean "not given". */
    public record Info(List<EntityInfo> entities, Set<String> propertyNames, Set<String> relationshipNames) {
        public Info {
            entities = List.copyOf(entities);
            propertyNames = Set.copyOf(propertyNames);
            relationshipNames = Set.copyOf(relationshipNames);
        }

        /** The registered attribute IRIs (Properties and Relationships); empty = the whole entity. */
        public Set<String> attributes() {
            if (relationshipNames.isEmpty()) {
                return propertyNames;
            }
            if (propertyNames.isEmpty()) {
                return relationshipNames;
            }
            java.util.Set<String> all = new java.util.HashSet<>(propertyNames);
            all.addAll(relationshipNames);
            return all;
        }
    }

    /** EntityInfo (clause 5.2.8): types (expanded, any of them), and optionally an id or an id pattern. */
    public record EntityInfo(String id, Pattern idPattern, List<String> types) {
        public EntityInfo {
            types = List.copyOf(types);
        }

        /** Whether an entity with this id and these types is described by this EntityInfo. */
        public boolean covers(String entityId, List<String> entityTypes) {
            boolean typeOk = entityTypes == null || entityTypes.stream().anyMatch(types::contains);
            return typeOk && coversId(entityId);
        }

        public boolean coversId(String entityId) {
            if (entityId == null) {
                return true;
            }
            if (id != null) {
                return id.equals(entityId);
            }
            return idPattern == null || idPattern.matcher(entityId).find();
        }
    }

    /** Whether the registration is still valid at this instant (clause 5.2.9 expiresAt). */
    public boolean liveAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    /** Whether the source accepts the named operation (clause 4.20). */
    public boolean accepts(String operation) {
        return operations.contains(operation);
    }
}
