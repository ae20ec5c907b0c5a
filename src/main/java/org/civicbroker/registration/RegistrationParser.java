package org.civicbroker.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.DateTimes;
import org.civicbroker.model.Uris;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.query.q.RegexGuard;
import org.locationtech.jts.geom.Geometry;

/**
 * Validates a CSourceRegistration payload (clause 5.2.9, RegistrationInfo 5.2.10, EntityInfo 5.2.8) into a
 * {@link Registration} with expanded names. Every problem is a 400 BadRequestData naming the member
 * (clause 5.9.2.4); nothing is stored unless the whole payload is valid. Members the spec does not name are
 * context source properties (clause 5.2.9 allows them; {@code csf} queries them) and are kept as sent.
 */
public final class RegistrationParser {

    public static final String TYPE = "ContextSourceRegistration";
    /** Read-only members (Table 5.2.9-2 and the system timestamps): ignored when sent (clause 5.2.9). */
    public static final Set<String> READ_ONLY = Set.of("status", "timesSent", "timesFailed", "lastSuccess",
            "lastFailure", "createdAt", "modifiedAt", "deletedAt");
    /** Members whose value is a GeoJSON geometry (clause 5.2.9). */
    static final List<String> GEO_MEMBERS = List.of("location", "observationSpace", "operationSpace");
    private static final Set<String> CSI_MEDIA_TYPES = Set.of("application/json", "application/ld+json");

    private RegistrationParser() {
    }

    /**
     * @param body the members without {@code @context} and read-only members
     * @param now to refuse an expiresAt in the past (null when re-reading a stored registration)
     */
    public static Registration parse(JsonNode body, LdContext ctx, JsonNode context, String id, String tenant,
            Instant createdAt, Instant modifiedAt, Instant now) {
        String type = text(body, "type");
        if (type == null) {
            throw NgsiException.badData("'type' is mandatory and must be " + TYPE);
        }
        if (!TYPE.equals(type) && !("https://uri.etsi.org/ngsi-ld/" + TYPE).equals(type)) {
            throw NgsiException.badData("'type' must be " + TYPE);
        }
        String endpoint = text(body, "endpoint");
        if (endpoint == null) {
            throw NgsiException.badData("'endpoint' is mandatory");
        }
        if (!Uris.isAbsoluteUri(endpoint) || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw NgsiException.badData("'endpoint' must be a dereferenceable http(s) URI");
        }
        text(body, "registrationName");
        text(body, "description");
        text(body, "refreshRate");
        String alias = text(body, "contextSourceAlias");
        String sourceTenant = text(body, "tenant");
        List<Registration.Info> information = information(body.get("information"), ctx);
        String modeText = text(body, "mode");
        Mode mode = modeText == null ? Mode.INCLUSIVE : Mode.of(modeText);
        if (mode == null) {
            throw NgsiException.badData("'mode' must be inclusive, exclusive, redirect or auxiliary");
        }
        List<String> operationNames = strings(body, "operations");
        if (operationNames != null) {
            for (String op : operationNames) {
                if (!Operations.known(op)) {
                    throw NgsiException.badData("Unknown operation '" + op + "' in 'operations' (clause 4.20)");
                }
            }
        }
        if (mode == Mode.AUXILIARY && operationNames != null && !Operations.AUXILIARY_ALLOWED.containsAll(operationNames)) {
            // clause 5.9.2.4: an auxiliary source serves only retrieveOps, retrieveEntity, queryEntity
            throw NgsiException.badData("An auxiliary registration's 'operations' may only be retrieveOps, retrieveEntity or queryEntity");
        }
        Set<String> operations = mode == Mode.AUXILIARY && operationNames == null
                ? Operations.GROUPS.get("retrieveOps") : Operations.expand(operationNames);
        String expiresText = text(body, "expiresAt");
        Instant expiresAt = expiresText == null ? null : dateTime(expiresText, "expiresAt");
        if (expiresAt != null && now != null && !expiresAt.isAfter(now)) {
            throw NgsiException.badData("'expiresAt' must be in the future");
        }
        Registration.Interval observation = interval(body, "observationInterval");
        Registration.Interval management2 = interval(body, "managementInterval");
        Map<String, Geometry> geometries = new LinkedHashMap<>();
        for (String g : GEO_MEMBERS) {
            JsonNode n = body.get(g);
            if (n != null && !n.isNull()) {
                geometries.put(ctx.expand(g), GeoJson.parse(n));
            }
        }
        List<String> scopes = scopes(body.get("scope"));
        Set<String> datasetIds = datasetIds(body);
        Map<String, String> csi = contextSourceInfo(body.get("contextSourceInfo"));
        long[] management = management(body.get("management"));
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String m = it.next();
            if (m.isBlank()) {
                throw NgsiException.badData("A member name must not be empty");
            }
        }
        return new Registration(id, tenant, body, context, information, mode, operations, endpoint, csi, sourceTenant,
                alias, expiresAt, datasetIds, geometries, scopes, management[0], management[1], observation, management2,
                createdAt, modifiedAt);
    }

    private static List<Registration.Info> information(JsonNode n, LdContext ctx) {
        if (n == null || n.isNull()) {
            throw NgsiException.badData("'information' is mandatory");
        }
        if (!n.isArray() || n.isEmpty()) {
            throw NgsiException.badData("'information' must be a non-empty array of RegistrationInfo");
        }
        List<Registration.Info> out = new ArrayList<>();
        for (JsonNode info : n) {
            if (!info.isObject()) {
                throw NgsiException.badData("Each member of 'information' must be a RegistrationInfo object");
            }
            for (Iterator<String> it = info.fieldNames(); it.hasNext(); ) {
                String m = it.next();
                if (!Set.of("entities", "propertyNames", "relationshipNames").contains(m)) {
                    throw NgsiException.badData("Unknown RegistrationInfo member '" + m + "'");
                }
            }
            List<Registration.EntityInfo> entities = entities(info.get("entities"), ctx);
            Set<String> props = names(info, "propertyNames", ctx);
            Set<String> rels = names(info, "relationshipNames", ctx);
            if (entities.isEmpty() && props.isEmpty() && rels.isEmpty()) {
                throw NgsiException.badData("A RegistrationInfo needs entities, propertyNames or relationshipNames (clause 5.2.10)");
            }
            out.add(new Registration.Info(entities, props, rels));
        }
        return out;
    }

    private static List<Registration.EntityInfo> entities(JsonNode n, LdContext ctx) {
        List<Registration.EntityInfo> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw NgsiException.badData("'information[].entities' must be a non-empty array of EntityInfo");
        }
        for (JsonNode e : n) {
            if (!e.isObject()) {
                throw NgsiException.badData("Each EntityInfo must be an object");
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String m = it.next();
                if (!Set.of("id", "idPattern", "type").contains(m)) {
                    throw NgsiException.badData("Unknown EntityInfo member '" + m + "'");
                }
            }
            String id = text(e, "id");
            if (id != null && !Uris.isAbsoluteUri(id)) {
                throw NgsiException.badData("EntityInfo 'id' '" + id + "' is not an absolute URI");
            }
            String idPattern = text(e, "idPattern");
            Pattern pattern = idPattern == null ? null : RegexGuard.validateParameter("idPattern", idPattern);
            JsonNode t = e.get("type");
            List<String> types = new ArrayList<>();
            if (t != null && t.isTextual() && !t.textValue().isBlank()) {
                types.add(ctx.expand(t.textValue()));
            } else if (t != null && t.isArray() && !t.isEmpty()) {
                for (JsonNode x : t) {
                    if (!x.isTextual() || x.textValue().isBlank()) {
                        throw NgsiException.badData("EntityInfo 'type' must be a string or an array of strings");
                    }
                    types.add(ctx.expand(x.textValue()));
                }
            } else {
                // clause 5.2.8: the type of an EntityInfo is mandatory
                throw NgsiException.badData("EntityInfo 'type' is mandatory (a string or an array of strings)");
            }
            // clause 5.2.8: id takes precedence over idPattern
            out.add(new Registration.EntityInfo(id, id != null ? null : pattern, types));
        }
        return out;
    }

    private static Set<String> names(JsonNode info, String member, LdContext ctx) {
        List<String> names = strings(info, member);
        Set<String> out = new LinkedHashSet<>();
        if (names != null) {
            names.forEach(n -> out.add(ctx.expand(n)));
        }
        return out;
    }

    private static List<String> scopes(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.textValue());
        } else if (n.isArray() && !n.isEmpty()) {
            for (JsonNode s : n) {
                if (!s.isTextual()) {
                    throw NgsiException.badData("'scope' must be a string or an array of strings");
                }
                out.add(s.textValue());
            }
        } else {
            throw NgsiException.badData("'scope' must be a string or an array of strings");
        }
        for (String s : out) {
            if (!s.matches("/?[^/\\s#+]+(/[^/\\s#+]+)*") && !s.equals("/")) {
                throw NgsiException.badData("'scope' '" + s + "' is not a valid scope (clause 4.18)");
            }
        }
        return out;
    }

    private static Set<String> datasetIds(JsonNode body) {
        JsonNode n = body.get("datasetId");
        Set<String> out = new LinkedHashSet<>();
        if (n == null || n.isNull()) {
            return out;
        }
        List<String> ids = n.isTextual() ? List.of(n.textValue()) : strings(body, "datasetId");
        for (String d : ids) {
            if (!"@none".equals(d) && !Uris.isAbsoluteUri(d)) {
                throw NgsiException.badData("'datasetId' values must be URIs or @none: '" + d + "'");
            }
            out.add(d);
        }
        return out;
    }

    /** Clauses 4.3.6.5 and 4.3.6.6: KeyValuePair[] with the restrictions of the keys of a specific meaning. */
    private static Map<String, String> contextSourceInfo(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw NgsiException.badData("'contextSourceInfo' must be an array of KeyValuePair");
        }
        for (JsonNode kv : n) {
            String key = kv.isObject() ? text(kv, "key") : null;
            String value = kv.isObject() ? text(kv, "value") : null;
            if (key == null || value == null) {
                throw NgsiException.badData("Each contextSourceInfo entry must be {\"key\": string, \"value\": string}");
            }
            switch (key) {
                case "accept", "contentType" -> {
                    if (!CSI_MEDIA_TYPES.contains(value)) {
                        throw NgsiException.badData("contextSourceInfo '" + key + "' must be application/json or application/ld+json");
                    }
                }
                case "jsonldContext" -> {
                    if (!Uris.isAbsoluteUri(value)) {
                        throw NgsiException.badData("contextSourceInfo 'jsonldContext' must be a URL");
                    }
                }
                case "ngsildConformance" -> {
                    if (!value.matches("\\d+\\.\\d+")) {
                        throw NgsiException.badData("contextSourceInfo 'ngsildConformance' must be major.minor");
                    }
                }
                default -> {
                    // any other key is conveyed as a header (clause 4.3.6.5)
                }
            }
            out.put(key, value);
        }
        return out;
    }

    /** RegistrationManagementInfo (clause 5.2.34): {timeout, cooldown} in milliseconds. */
    private static long[] management(JsonNode n) {
        long[] out = {0, 0};
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw NgsiException.badData("'management' must be a RegistrationManagementInfo object");
        }
        JsonNode local = n.get("localOnly");
        if (local != null && !local.isBoolean()) {
            throw NgsiException.badData("'management.localOnly' must be true or false");
        }
        JsonNode cache = n.get("cacheDuration");
        if (cache != null && !(cache.isTextual() || cache.isNumber())) {
            throw NgsiException.badData("'management.cacheDuration' must be a duration");
        }
        out[0] = positive(n, "timeout");
        out[1] = positive(n, "cooldown");
        return out;
    }

    private static long positive(JsonNode parent, String member) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isNumber() || n.doubleValue() <= 0) {
            throw NgsiException.badData("'management." + member + "' must be a positive number of milliseconds");
        }
        return n.longValue();
    }

    /** TimeInterval (clause 5.2.11): startAt mandatory, endAt optional and after startAt. */
    private static Registration.Interval interval(JsonNode body, String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw NgsiException.badData("'" + member + "' must be a TimeInterval object");
        }
        String start = text(n, "startAt");
        if (start == null) {
            throw NgsiException.badData("'" + member + ".startAt' is mandatory");
        }
        Instant s = dateTime(start, member + ".startAt");
        String end = text(n, "endAt");
        Instant e = end == null ? null : dateTime(end, member + ".endAt");
        if (e != null && !e.isAfter(s)) {
            throw NgsiException.badData("'" + member + ".endAt' must be after startAt");
        }
        return new Registration.Interval(s, e);
    }

    private static Instant dateTime(String text, String member) {
        Instant t = DateTimes.tryParse(text);
        if (t == null) {
            throw NgsiException.badData("'" + member + "' must be a DateTime");
        }
        return t;
    }

    static String text(JsonNode parent, String member) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw NgsiException.badData("'" + member + "' must be a non-empty string");
        }
        return n.textValue();
    }

    static List<String> strings(JsonNode parent, String member) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw NgsiException.badData("'" + member + "' must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw NgsiException.badData("'" + member + "' must contain only non-empty strings");
            }
            out.add(item.textValue());
        }
        return out;
    }
}
