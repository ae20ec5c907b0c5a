package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Uris;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.representation.Format;

/** Validates NotificationParams (clause 5.2.14) and its Endpoint (clause 5.2.15). */
final class NotificationParser {

    static final Set<String> MEMBERS = Set.of("attributes", "pick", "omit", "format", "sysAttrs", "showChanges", "endpoint",
            "join", "joinLevel", "containedBy");
    /** Clause 5.2.14 {@code join}: linked entity retrieval (clause 4.5.23); "@none" is the default, no retrieval. */
    static final Set<String> JOINS = Set.of("flat", "inline", "@none");
    static final Set<String> READ_ONLY = Set.of("status", "timesSent", "timesFailed", "lastNotification", "lastSuccess",
            "lastFailure");
    static final Set<String> ACCEPTS = Set.of("application/json", "application/ld+json", "application/geo+json");
    static final String MQTT_VERSION = "MQTT-Version";
    static final String MQTT_QOS = "MQTT-QoS";

    private NotificationParser() {
    }

    static Subscription.Params parse(JsonNode n, LdContext ctx) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String m = it.next();
            if (!MEMBERS.contains(m) && !READ_ONLY.contains(m)) {
                throw NgsiException.badData("Unknown NotificationParams member 'notification." + m + "'");
            }
        }
        List<String> attributes = Members.strings(n, "attributes", "notification.attributes");
        String pick = projection(n, "pick");
        String omit = projection(n, "omit");
        Projection projection;
        try {
            projection = Projection.of(attributes == null ? null : String.join(",", attributes), pick, omit, ctx::expand);
        } catch (NgsiException e) {
            throw NgsiException.badData("notification: " + e.getMessage());
        }
        String formatText = Members.text(n, "format", "notification.format");
        Format format = formatText == null ? Format.NORMALIZED : Format.ofKeyword(formatText)
                .orElseThrow(() -> NgsiException.badData("'notification.format' must be normalized, concise or keyValues"));
        Boolean sysAttrs = Members.bool(n, "sysAttrs", "notification.sysAttrs");
        Boolean showChanges = Members.bool(n, "showChanges", "notification.showChanges");
        JsonNode endpoint = Members.object(n, "endpoint", "notification.endpoint");
        if (endpoint == null) {
            throw NgsiException.badData("'notification.endpoint' is mandatory");
        }
        String join = Members.text(n, "join", "notification.join");
        if (join != null && !JOINS.contains(join)) {
            throw NgsiException.badData("'notification.join' must be flat, inline or @none");
        }
        double joinLevel = Members.number(n, "joinLevel", 1, "notification.joinLevel");
        if (joinLevel != Math.rint(joinLevel)) {
            throw NgsiException.badData("'notification.joinLevel' must be a positive integer");
        }
        List<String> containedBy = Members.strings(n, "containedBy", "notification.containedBy");
        if (containedBy != null) {
            for (String id : containedBy) {
                if (!Uris.isAbsoluteUri(id)) {
                    throw NgsiException.badData("'notification.containedBy' must list entity ids (URIs)");
                }
            }
        }
        return new Subscription.Params(projection, format, Boolean.TRUE.equals(sysAttrs), Boolean.TRUE.equals(showChanges),
                endpoint(endpoint), "@none".equals(join) ? null : join, joinLevel > 0 ? (int) joinLevel : 1,
                containedBy == null ? Set.of() : Set.copyOf(containedBy));
    }

    /**
     * {@code pick} / {@code omit} (clause 5.2.14): an array of entity members or a projection-language string
     * (clause 4.21); an array is the members joined with commas, which is the same projection.
     */
    private static String projection(JsonNode n, String member) {
        String path = "notification." + member;
        if (n.get(member) instanceof com.fasterxml.jackson.databind.node.ArrayNode) {
            return String.join(",", Members.strings(n, member, path));
        }
        return Members.text(n, member, path);
    }

    private static Subscription.Endpoint endpoint(JsonNode e) {
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String m = it.next();
            if (!Set.of("uri", "accept", "timeout", "cooldown", "receiverInfo", "notifierInfo").contains(m)) {
                throw NgsiException.badData("Unknown Endpoint member 'notification.endpoint." + m + "'");
            }
        }
        String uri = Members.text(e, "uri", "notification.endpoint.uri");
        if (uri == null) {
            throw NgsiException.badData("'notification.endpoint.uri' is mandatory");
        }
        if (!Uris.isAbsoluteUri(uri) || !uri.matches("(?i)(https?|mqtts?)://[^/?#]+.*")) {
            throw NgsiException.badData("'notification.endpoint.uri' must be an http, https, mqtt or mqtts URL with a host");
        }
        boolean mqtt = uri.regionMatches(true, 0, "mqtt", 0, 4);
        if (mqtt && MqttAddress.parse(uri).topic().isEmpty()) {
            throw NgsiException.badData("An MQTT endpoint needs a topic: mqtt[s]://[user:pass@]host[:port]/topic");
        }
        String accept = Members.text(e, "accept", "notification.endpoint.accept");
        if (accept != null && !ACCEPTS.contains(accept)) {
            throw NgsiException.badData("'notification.endpoint.accept' must be application/json, application/ld+json or application/geo+json");
        }
        double timeout = Members.number(e, "timeout", 1, "notification.endpoint.timeout");
        Members.number(e, "cooldown", 1, "notification.endpoint.cooldown");
        Map<String, String> receiverInfo = keyValues(e, "receiverInfo");
        Map<String, String> notifierInfo = keyValues(e, "notifierInfo");
        String version = notifierInfo.get(MQTT_VERSION);
        if (version != null && !Set.of("mqtt3.1.1", "mqtt5.0").contains(version)) {
            throw NgsiException.badData("notifierInfo MQTT-Version must be mqtt3.1.1 or mqtt5.0");
        }
        String qos = notifierInfo.get(MQTT_QOS);
        if (qos != null && !Set.of("0", "1", "2").contains(qos)) {
            throw NgsiException.badData("notifierInfo MQTT-QoS must be 0, 1 or 2");
        }
        for (String k : receiverInfo.keySet()) {
            if (!k.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw NgsiException.badData("receiverInfo key '" + k + "' is not a valid header name");
            }
        }
        receiverInfo.values().forEach(v -> {
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw NgsiException.badData("receiverInfo values must not contain control characters");
            }
        });
        return new Subscription.Endpoint(uri, accept == null ? "application/json" : accept, receiverInfo, notifierInfo,
                (long) timeout);
    }

    private static Map<String, String> keyValues(JsonNode e, String member) {
        String path = "notification.endpoint." + member;
        JsonNode n = e.get(member);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw NgsiException.badData("'" + path + "' must be an array of {key, value}");
        }
        for (JsonNode kv : n) {
            if (!kv.isObject() || kv.size() != 2 || !kv.path("key").isTextual() || !kv.path("value").isTextual()
                    || kv.path("key").textValue().isBlank()) {
                throw NgsiException.badData("Each member of '" + path + "' must be {\"key\": string, \"value\": string}");
            }
            out.put(kv.get("key").textValue(), kv.get("value").textValue());
        }
        return out;
    }
}
