package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;

/**
 * Parses NGSI-LD request payloads (compacted JSON, {@code @context} already resolved by the caller)
 * into the internal expanded model, validating everything; every failure is a 400 BadRequestData
 * {@link NgsiException} naming the member and the problem. Pure Java, thread-safe.
 *
 * <p>What is ignored rather than rejected: {@code @context} (resolved by the caller), and the
 * system-generated {@code createdAt}, {@code modifiedAt}, {@code deletedAt} of entities and attributes
 * (clause 4.8: set by the broker; the OpenAPI marks them readOnly, so a client that re-sends a
 * retrieved entity must not fail). All timestamps of the parsed model are left null for the service.
 *
 * <p>Concise input (clause 4.5, attributes without {@code type}) is accepted by every method here:
 * create, replace, append, update, merge-patch and attribute replace/patch; see {@link AttributeParser}
 * for the inference rules.
 */
public final class EntityParser {

    /** Default geospatial properties of an entity (clause 4.7): must be GeoProperties. */
    private static final Set<String> GEO_IRIS = Set.of(AttributeType.NGSI_LD + "location",
            AttributeType.NGSI_LD + "observationSpace", AttributeType.NGSI_LD + "operationSpace");

    private final AttributeParser attributes;

    /**
     * @param geometryValidator throws {@link NgsiException} for GeoJSON that is structurally a geometry
     *     but invalid (rings, ranges, ...); null for none
     */
    public EntityParser(Consumer<JsonNode> geometryValidator) {
        this.attributes = new AttributeParser(geometryValidator);
    }

    /** POST /entities and PUT /entities/{id}: a complete entity; {@code id} and {@code type} are required. */
    public Entity parseEntity(JsonNode body, LdContext ctx) {
        requireObject(body, "entity");
        JsonNode id = body.get("id");
        if (id == null) {
            throw NgsiException.badData("entity without 'id'");
        }
        String entityId = entityId(id);
        JsonNode type = body.get("type");
        if (type == null) {
            throw NgsiException.badData("entity '" + entityId + "' without 'type'");
        }
        List<String> types = types(type, ctx);
        List<String> scopes = body.has("scope") ? scopes(body.get("scope"), false) : List.of();
        Map<String, List<Attribute>> attrs = attributeMembers(body, ctx, false);
        return new Entity(entityId, types, scopes, null, null, attrs);
    }

    /** A fragment whose {@code id}, if present, is only checked to be a URI. */
    public Fragment parseFragment(JsonNode body, LdContext ctx, Fragment.Mode mode) {
        return parseFragment(body, ctx, mode, null);
    }

    /**
     * Append (5.6.3), update (5.6.2) or merge-patch (5.6.17) body.
     *
     * @param expectedId the entity id of the request path; when the body carries {@code id} it must be
     *     equal, else 400. Null to skip the comparison.
     */
    public Fragment parseFragment(JsonNode body, LdContext ctx, Fragment.Mode mode, String expectedId) {
        requireObject(body, "entity fragment");
        boolean merge = mode == Fragment.Mode.MERGE_PATCH;
        // urn:ngsi-ld:null deletes in merge-patch (5.6.17) and in update's partial update patch (5.6.2, 5.5.8)
        boolean nullMarkers = mode != Fragment.Mode.APPEND;
        JsonNode id = body.get("id");
        if (id != null) {
            String given = entityId(id);
            if (expectedId != null && !expectedId.equals(given)) {
                throw NgsiException.badData("the id in the body ('" + given
                        + "') differs from the entity id of the request ('" + expectedId + "')");
            }
        }
        List<String> types = body.has("type") ? types(body.get("type"), ctx) : List.of();
        List<String> scopes = body.has("scope") ? scopes(body.get("scope"), merge) : null;
        Map<String, List<Attribute>> parsed = attributeMembers(body, ctx, nullMarkers);
        Map<String, List<Attribute>> writes = new LinkedHashMap<>();
        Set<Fragment.Deletion> deletions = new LinkedHashSet<>();
        parsed.forEach((iri, instances) -> {
            for (Attribute a : instances) {
                if (nullMarkers && NgsiNull.isDeletion(a)) {
                    deletions.add(new Fragment.Deletion(iri, a.datasetId()));
                } else {
                    writes.computeIfAbsent(iri, k -> new ArrayList<>()).add(a);
                }
            }
        });
        return new Fragment(types, scopes, writes, deletions);
    }

    /**
     * PUT /entities/{id}/attrs/{attrId} (replace attribute): the body is the attribute itself, a single
     * instance or an array of instances. Use {@link #attributeIri} for the expanded name.
     */
    public List<Attribute> parseAttribute(String name, JsonNode body, LdContext ctx) {
        String iri = attributeIri(name, ctx);
        JsonNode value = withoutContext(body);
        JsonGuards.checkDepth(value);
        List<Attribute> instances = attributes.parseInstances(name, value, ctx, false);
        checkGeo(iri, name, instances);
        return instances;
    }

    /**
     * PATCH /entities/{id}/attrs/{attrId} (partial attribute update, clause 5.6.4): {@code type} and the
     * value member may be omitted; {@code urn:ngsi-ld:null} marks deletions. See {@link AttributePatch}.
     */
    public AttributePatch parseAttributePatch(String name, JsonNode body, LdContext ctx) {
        attributeIri(name, ctx);
        JsonNode value = withoutContext(body);
        JsonGuards.checkDepth(value);
        if (value.isArray()) {
            throw NgsiException.badData("attribute '" + name + "': a partial update targets one instance, not an array");
        }
        return attributes.parsePatch(name, value, ctx);
    }

    /**
     * An attribute fragment sent as application/ld+json carries its {@code @context} (clause 6.3.5),
     * which the caller has resolved already: it is not a sub-attribute.
     */
    private static JsonNode withoutContext(JsonNode body) {
        if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("@context")) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = o.deepCopy();
            copy.remove("@context");
            return copy;
        }
        return body;
    }

    /** Validates an attribute name (e.g. the {attrId} of a path) and returns its expanded IRI. */
    public String attributeIri(String name, LdContext ctx) {
        return Names.attributeIri(name, name, ctx);
    }

    private Map<String, List<Attribute>> attributeMembers(JsonNode body, LdContext ctx, boolean nullMarkers) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if ("id".equals(name) || "type".equals(name) || "scope".equals(name) || "@context".equals(name)
                    || Names.SYSTEM_TIMESTAMPS.contains(name)) {
                continue;
            }
            String iri = Names.attributeIri(name, name, ctx);
            List<Attribute> instances = attributes.parseInstances(name, e.getValue(), ctx, nullMarkers);
            checkGeo(iri, name, instances);
            List<Attribute> all = attrs.computeIfAbsent(iri, k -> new ArrayList<>());
            all.addAll(instances);
            if (all.size() > instances.size()) {
                AttributeParser.checkInstances(name, all);
            }
        }
        return attrs;
    }

    private static void checkGeo(String iri, String name, List<Attribute> instances) {
        if (GEO_IRIS.contains(iri)) {
            for (Attribute a : instances) {
                if (a.type() != AttributeType.GEO_PROPERTY && !NgsiNull.isDeletion(a)) {
                    throw NgsiException.badData("attribute '" + name + "': must be a GeoProperty (clause 4.7)");
                }
            }
        }
    }

    /**
     * A body that is not a JSON object where an entity or fragment is expected has the wrong content
     * for the operation: 400 InvalidRequest (clause 5.5.2), like a body that is not JSON at all.
     */
    private static void requireObject(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw NgsiException.invalid("the payload must be a JSON object (an " + what + ")");
        }
        JsonGuards.checkDepth(body);
    }

    private static String entityId(JsonNode id) {
        if (!id.isTextual() || !Uris.isAbsoluteUri(id.textValue())) {
            throw NgsiException.badData("entity id " + AttributeValues.abbreviate(id) + " is not an absolute URI");
        }
        return id.textValue();
    }

    private static List<String> types(JsonNode type, LdContext ctx) {
        Set<String> out = new LinkedHashSet<>();
        if (type.isTextual()) {
            out.add(Names.typeIri(type.textValue(), ctx));
        } else if (type.isArray() && !type.isEmpty()) {
            for (JsonNode t : type) {
                if (!t.isTextual()) {
                    throw NgsiException.badData("entity type " + AttributeValues.abbreviate(t) + " is not a string");
                }
                out.add(Names.typeIri(t.textValue(), ctx));
            }
        } else {
            throw NgsiException.badData("entity 'type' must be a string or a non-empty array of strings");
        }
        return List.copyOf(out);
    }

    /** Clause 4.18; in merge-patch {@code "scope": "urn:ngsi-ld:null"} removes all scopes (empty list). */
    private static List<String> scopes(JsonNode scope, boolean nullMarkers) {
        if (nullMarkers && NgsiNull.isMarker(scope)) {
            return List.of();
        }
        List<JsonNode> given = new ArrayList<>();
        if (scope.isArray() && !scope.isEmpty()) {
            scope.forEach(given::add);
        } else {
            given.add(scope);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode s : given) {
            if (!s.isTextual() || !Names.isValidScope(s.textValue())) {
                throw NgsiException.badData("scope " + AttributeValues.abbreviate(s)
                        + " is not valid: expected /level(/level)* without whitespace, '#', '+' or ','");
            }
            out.add(s.textValue());
        }
        return List.copyOf(out);
    }
}
