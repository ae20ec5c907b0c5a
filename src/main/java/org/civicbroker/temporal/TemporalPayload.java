package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.temporal.TemporalWriter.Placed;

/**
 * A parsed EntityTemporal or EntityTemporalFragment payload (clause 5.2.x, clause 4.5.7): id, type,
 * scope and, per attribute, one instance or an array of instances, each parsed by the shared
 * {@link EntityParser} (normalized or concise). Unlike an entity, an attribute may have many instances
 * with the same datasetId: they are points in time. {@code instanceId}, {@code createdAt},
 * {@code modifiedAt} given by the client are ignored (clause 4.8: system generated).
 *
 * @param types null in a fragment without type
 * @param scopes null when not given
 */
record TemporalPayload(String id, List<String> types, List<String> scopes, Map<String, List<Attribute>> attributes) {

    private static final EntityParser PARSER = new EntityParser(GeoJson::parse);
    private static final Set<String> MEMBERS = Set.of("id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt");

    /** POST /temporal/entities: id and type required. */
    static TemporalPayload entity(JsonNode body, LdContext ctx) {
        if (body == null || !body.isObject()) {
            throw NgsiException.badData("the payload must be a JSON object (an EntityTemporal)");
        }
        ObjectNode header = ((ObjectNode) body).objectNode();
        MEMBERS.stream().filter(m -> !m.equals("@context") && body.has(m) && !m.endsWith("At")).forEach(m -> header.set(m, body.get(m)));
        Entity e = PARSER.parseEntity(header, ctx);
        return new TemporalPayload(e.id(), e.types(), body.has("scope") ? e.scopes() : null, attributes(body, ctx));
    }

    /** POST /temporal/entities/{id}/attrs and PATCH of an instance: attributes only (id/type checked if given). */
    static TemporalPayload fragment(JsonNode body, LdContext ctx, String entityId) {
        if (body == null || !body.isObject()) {
            throw NgsiException.badData("the payload must be a JSON object (an EntityTemporal fragment)");
        }
        if (body.has("id") && !Objects.equals(body.get("id").asText(), entityId)) {
            throw NgsiException.badData("the id in the body differs from the entity id of the request");
        }
        return new TemporalPayload(entityId, null, null, attributes(body, ctx));
    }

    /** Members that only an attribute instance has at its top level (clause 4.5: the attribute's own members). */
    private static final Set<String> INSTANCE_MEMBERS = Set.of("value", "object", "objectList", "languageMap", "vocab",
            "valueList", "json");

    /**
     * The body of an instance modification (clause 5.6.14) as an EntityTemporal fragment: a fragment as
     * given, or a body that is the instance itself (an attribute type or value member at its top level)
     * wrapped under {@code attrId}.
     */
    static JsonNode asFragment(JsonNode body, String attrId) {
        if (body == null || !body.isObject()) {
            return body;
        }
        boolean instance = INSTANCE_MEMBERS.stream().anyMatch(body::has)
                || (body.path("type").isTextual() && org.civicbroker.model.AttributeType.of(body.path("type").textValue()).isPresent());
        if (!instance) {
            return body;
        }
        ObjectNode fragment = ((ObjectNode) body).objectNode();
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        JsonNode ctx = copy.remove("@context");
        if (ctx != null) {
            fragment.set("@context", ctx);
        }
        fragment.set(attrId, copy);
        return fragment;
    }

    private static Map<String, List<Attribute>> attributes(JsonNode body, LdContext ctx) {
        Map<String, List<Attribute>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (MEMBERS.contains(e.getKey())) {
                continue;
            }
            String iri = PARSER.attributeIri(e.getKey(), ctx);
            List<JsonNode> elements = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(elements::add);
            } else {
                elements.add(e.getValue());
            }
            List<Attribute> instances = out.computeIfAbsent(iri, k -> new ArrayList<>());
            for (JsonNode el : elements) {
                if (!el.isObject()) {
                    throw NgsiException.badData("attribute '" + e.getKey() + "': each temporal instance must be an object");
                }
                for (Attribute a : PARSER.parseAttribute(e.getKey(), el, ctx)) {
                    if (NgsiNull.isDeletion(a)) {
                        throw NgsiException.badData("attribute '" + e.getKey() + "': urn:ngsi-ld:null is not an instance value");
                    }
                    instances.add(a);
                }
            }
        }
        return out;
    }

    /** Every instance, stamped with a new instanceId and the given creation time. */
    List<Placed> placed(Instant now) {
        List<Placed> out = new ArrayList<>();
        attributes.forEach((iri, instances) -> instances.forEach(a -> out.add(new Placed(iri,
                new TemporalInstance(ChangeDiff.INSTANCE_PREFIX + UUID.randomUUID(), a.withTimestamps(now, now), null)))));
        return out;
    }

    /**
     * The entity made of the latest instance (by observedAt, then position) of every attribute line:
     * what the validator checks and what the temporal record keeps as state.
     */
    Entity latest(List<String> entityTypes, List<String> entityScopes, Instant now) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        attributes.forEach((iri, instances) -> {
            Map<String, Attribute> byDataset = new LinkedHashMap<>();
            for (Attribute a : instances) {
                String k = a.datasetId() == null ? BucketKeys.DEFAULT_DATASET : a.datasetId();
                Attribute seen = byDataset.get(k);
                if (seen == null || !later(seen, a)) {
                    byDataset.put(k, a.withTimestamps(now, now));
                }
            }
            attrs.put(iri, new ArrayList<>(byDataset.values()));
        });
        return new Entity(id, entityTypes, entityScopes, now, now, attrs);
    }

    private static boolean later(Attribute seen, Attribute a) {
        return seen.observedAt() != null && a.observedAt() != null && seen.observedAt().isAfter(a.observedAt());
    }
}
