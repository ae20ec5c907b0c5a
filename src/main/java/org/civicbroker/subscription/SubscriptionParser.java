package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.DateTimes;
import org.civicbroker.model.Uris;
import org.civicbroker.query.geo.GeoQuery;
import org.civicbroker.query.lang.ScopeQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.q.QParser;
import org.civicbroker.query.q.RegexGuard;
import org.civicbroker.representation.RenderOptions;

/**
 * Validates a Subscription payload (clause 5.2.12, OpenAPI schema {@code Subscription}) and turns it
 * into a {@link Subscription} with expanded names. Every problem is a 400 BadRequestData naming the
 * member; nothing is stored unless the whole payload is valid.
 */
public final class SubscriptionParser {

    /** Members a client may send (besides @context). */
    static final Set<String> MEMBERS = Set.of("id", "type", "subscriptionName", "description", "entities",
            "watchedAttributes", "notificationTrigger", "timeInterval", "q", "geoQ", "csf", "isActive", "notification",
            "expiresAt", "throttling", "scopeQ", "lang", "jsonldContext", "temporalQ", "datasetId");
    /** Read-only members (clause 5.2.12): accepted in a payload (a GET result sent back) and ignored. */
    static final Set<String> READ_ONLY = Set.of("status", "createdAt", "modifiedAt", "deletedAt", "timesSent",
            "timesFailed", "lastNotification", "lastSuccess", "lastFailure");
    /** Default triggers (clause 5.2.12): attributeCreated and attributeUpdated. */
    static final Set<Subscription.Trigger> DEFAULT_TRIGGERS =
            EnumSet.of(Subscription.Trigger.ATTRIBUTE_CREATED, Subscription.Trigger.ATTRIBUTE_UPDATED);

    private SubscriptionParser() {
    }

    /**
     * @param body the members without {@code @context} and without read-only members
     * @param context the {@code @context} value the names are read with (null = core context)
     * @param now to refuse an expiresAt in the past
     */
    public static Subscription parse(JsonNode body, LdContext ctx, JsonNode context, String id, String tenant,
            Instant createdAt, Instant modifiedAt, Instant now) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String m = it.next();
            if (!MEMBERS.contains(m)) {
                throw NgsiException.badData("Unknown Subscription member '" + m + "'");
            }
        }
        String type = Members.text(body, "type", "type");
        if (!"Subscription".equals(type) && !"https://uri.etsi.org/ngsi-ld/Subscription".equals(type)) {
            throw NgsiException.badData("'type' must be Subscription");
        }
        Members.text(body, "subscriptionName", "subscriptionName");
        Members.text(body, "description", "description");
        Members.text(body, "csf", "csf");
        if (body.hasNonNull("temporalQ")) {
            throw NgsiException.badData("'temporalQ' is not supported in subscriptions by this broker");
        }
        List<Subscription.Selector> entities = entities(body, ctx);
        List<String> watchedNames = Members.strings(body, "watchedAttributes", "watchedAttributes");
        Set<String> watched = new LinkedHashSet<>();
        if (watchedNames != null) {
            watchedNames.forEach(w -> watched.add(ctx.expand(w)));
        }
        double timeInterval = Members.number(body, "timeInterval", 1, "timeInterval");
        double throttling = Members.number(body, "throttling", 1, "throttling");
        Set<Subscription.Trigger> triggers = triggers(body);
        if (timeInterval > 0) {
            // clause 5.8.1: a periodic subscription has no watchedAttributes, throttling or triggers
            if (watchedNames != null || throttling > 0 || body.hasNonNull("notificationTrigger")) {
                throw NgsiException.badData("'timeInterval' cannot be combined with watchedAttributes, throttling or notificationTrigger");
            }
            if (entities.isEmpty()) {
                throw NgsiException.badData("A subscription with 'timeInterval' needs 'entities'");
            }
        } else if (entities.isEmpty() && watchedNames == null) {
            throw NgsiException.badData("A subscription needs 'entities' or 'watchedAttributes' (clause 5.8.1)");
        }
        String qText = decodeQ(Members.text(body, "q", "q"));
        QNode q = qText == null ? null : QParser.parse(qText).resolve(ctx::expand);
        JsonNode geo = body.get("geoQ");
        GeoQuery geoQ = geo == null || geo.isNull() ? null : GeoQuery.fromJson(geo, ctx::expand);
        String scopeText = Members.text(body, "scopeQ", "scopeQ");
        ScopeQuery scopeQ = scopeText == null ? null : ScopeQuery.parse(scopeText);
        String lang = Members.text(body, "lang", "lang");
        if (lang != null) {
            try {
                RenderOptions.defaults().withLang(lang);
            } catch (IllegalArgumentException e) {
                throw NgsiException.badData("Invalid 'lang': " + e.getMessage());
            }
        }
        Boolean active = Members.bool(body, "isActive", "isActive");
        String expiresText = Members.text(body, "expiresAt", "expiresAt");
        Instant expiresAt = expiresText == null ? null : DateTimes.parse(expiresText);
        if (expiresAt != null && now != null && !expiresAt.isAfter(now)) {
            throw NgsiException.badData("'expiresAt' must be in the future");
        }
        JsonNode notification = Members.object(body, "notification", "notification");
        if (notification == null) {
            throw NgsiException.badData("'notification' is mandatory");
        }
        String jsonldContext = Members.text(body, "jsonldContext", "jsonldContext");
        if (jsonldContext != null && !(Uris.isAbsoluteUri(jsonldContext)
                && (jsonldContext.startsWith("http://") || jsonldContext.startsWith("https://")))) {
            throw NgsiException.badData("'jsonldContext' must be an http(s) URL");
        }
        return new Subscription(id, tenant, body, context, entities, watched, triggers, q, geoQ, scopeQ, lang,
                active == null || active, expiresAt, throttling, timeInterval, NotificationParser.parse(notification, ctx),
                jsonldContext, createdAt, modifiedAt, datasetIds(body), null);
    }

    /** Clause 5.2.12 {@code datasetId}: URIs of the instances to notify, "@none" for the default instance. */
    private static Set<String> datasetIds(JsonNode body) {
        List<String> ids = Members.strings(body, "datasetId", "datasetId");
        if (ids == null) {
            return Set.of();
        }
        for (String d : ids) {
            if (!Subscription.NO_DATASET.equals(d) && !Uris.isAbsoluteUri(d)) {
                throw NgsiException.badData("'datasetId' values must be URIs or @none: '" + d + "'");
            }
        }
        return new LinkedHashSet<>(ids);
    }

    /**
     * The subscription {@code q} with percent-encoded octets decoded: clients write a q once for the query
     * string of GET /entities, where it is URL-encoded (clause 6.4.3.1), and reuse it in subscriptions, where
     * the broker is the only one that could decode it. Only well-formed {@code %XX} sequences of valid UTF-8
     * are decoded; a q without them (every q that needs no encoding) is unchanged.
     */
    static String decodeQ(String q) {
        if (q == null || !q.matches("(?s).*%[0-9A-Fa-f]{2}.*")) {
            return q;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < q.length(); ) {
            char c = q.charAt(i);
            if (c == '%' && i + 2 < q.length() && isHex(q.charAt(i + 1)) && isHex(q.charAt(i + 2))) {
                bytes.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < q.length()) {
                    b = q.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
                i++;
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return q;  // not percent-encoded UTF-8: taken as written
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static List<Subscription.Selector> entities(JsonNode body, LdContext ctx) {
        JsonNode n = body.get("entities");
        List<Subscription.Selector> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw NgsiException.badData("'entities' must be a non-empty array of EntitySelector");
        }
        for (JsonNode s : n) {
            if (!s.isObject()) {
                throw NgsiException.badData("Each member of 'entities' must be an EntitySelector object");
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String m = it.next();
                if (!Set.of("id", "idPattern", "type").contains(m)) {
                    throw NgsiException.badData("Unknown EntitySelector member '" + m + "'");
                }
            }
            String id = Members.text(s, "id", "entities[].id");
            if (id != null && !Uris.isAbsoluteUri(id)) {
                throw NgsiException.badData("'entities[].id' '" + id + "' is not an absolute URI");
            }
            String idPattern = Members.text(s, "idPattern", "entities[].idPattern");
            Pattern pattern = idPattern == null ? null : RegexGuard.validateParameter("entities[].idPattern", idPattern);
            String type = Members.text(s, "type", "entities[].type");
            if (type == null) {
                // clause 5.2.33 (V1.8): the type of an EntitySelector is mandatory
                throw NgsiException.badData("'entities[].type' is mandatory");
            }
            TypeQuery tq = TypeQuery.parse(type).resolve(ctx::expand);
            out.add(new Subscription.Selector(id, pattern, tq));
        }
        return out;
    }

    private static Set<Subscription.Trigger> triggers(JsonNode body) {
        List<String> names = Members.strings(body, "notificationTrigger", "notificationTrigger");
        if (names == null) {
            return DEFAULT_TRIGGERS;
        }
        Set<Subscription.Trigger> out = EnumSet.noneOf(Subscription.Trigger.class);
        for (String n : names) {
            Subscription.Trigger t = Subscription.Trigger.of(n);
            if (t == null) {
                throw NgsiException.badData("Unknown notificationTrigger '" + n + "'");
            }
            out.add(t);
        }
        return out;
    }
}
