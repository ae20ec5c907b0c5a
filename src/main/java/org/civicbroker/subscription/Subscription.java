package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.model.Entity;
import org.civicbroker.query.geo.GeoQuery;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.query.lang.ScopeQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.query.q.QNode;
import org.civicbroker.representation.Format;

/**
 * A validated subscription (clause 5.2.12) with every name expanded, as the matcher and the notifier
 * use it. {@code source} keeps the members as the client sent them (its own terms, no {@code @context})
 * and {@code context} the {@code @context} they are to be read with, so the subscription can be
 * stored, re-parsed at start-up and compacted again for any reader.
 *
 * @param tenant the tenant name, null for the default tenant
 * @param entities OR of entity selectors; empty = any entity (watchedAttributes-only subscription)
 * @param watched watched attribute IRIs; empty = any attribute
 * @param throttling seconds between two notifications, 0 = none
 * @param timeInterval seconds between periodic notifications, 0 = an on-change subscription
 * @param datasetIds the attribute instances notified (clause 5.2.12 {@code datasetId}: "@none" = the default
 *     instance); empty = all instances
 * @param linkBase the broker's base URL ({@code scheme://host[:port]}) as the client reached it when it created
 *     or last patched the subscription, or null: the base of the implicitly created context that
 *     notifications link to when the subscription's {@code @context} was inline (clause 5.13.1), unless
 *     {@code civic.jsonld.public-base-url} is set
 */
public record Subscription(
        String id,
        String tenant,
        JsonNode source,
        JsonNode context,
        List<Selector> entities,
        Set<String> watched,
        Set<Trigger> triggers,
        QNode q,
        GeoQuery geoQ,
        ScopeQuery scopeQ,
        String lang,
        boolean active,
        Instant expiresAt,
        double throttling,
        double timeInterval,
        Params notification,
        String jsonldContext,
        Instant createdAt,
        Instant modifiedAt,
        Set<String> datasetIds,
        String linkBase) {

    /** The {@code datasetId} value that selects the default instance (no datasetId; clause 4.5.5). */
    public static final String NO_DATASET = "@none";

    public Subscription {
        datasetIds = datasetIds == null ? Set.of() : Set.copyOf(datasetIds);
        entities = List.copyOf(entities);
        watched = Set.copyOf(watched);
        triggers = Set.copyOf(triggers);
    }

    /** Clause 5.2.12 notificationTrigger values. */
    public enum Trigger {
        ENTITY_CREATED("entityCreated"), ENTITY_UPDATED("entityUpdated"), ENTITY_DELETED("entityDeleted"),
        ATTRIBUTE_CREATED("attributeCreated"), ATTRIBUTE_UPDATED("attributeUpdated"), ATTRIBUTE_DELETED("attributeDeleted");

        public final String keyword;

        Trigger(String keyword) {
            this.keyword = keyword;
        }

        public static Trigger of(String keyword) {
            for (Trigger t : values()) {
                if (t.keyword.equals(keyword)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One EntitySelector (clause 5.2.33): all given conditions hold. */
    public record Selector(String id, Pattern idPattern, TypeQuery type) {
        public boolean matches(Entity e) {
            return (id == null || id.equals(e.id()))
                    && (idPattern == null || idPattern.matcher(e.id()).matches())
                    && (type == null || type.matches(e.types()));
        }
    }

    /**
     * NotificationParams (clause 5.2.14).
     *
     * @param projection attributes / pick / omit
     * @param join linked entity retrieval (clause 4.5.23): "flat", "inline", or null for none ("@none")
     * @param joinLevel depth of linked entity retrieval (default 1)
     * @param containedBy entity ids the receiver already holds: not retrieved as linked entities (as the Query
     *     member of the same name, clause 5.2.23; Table 5.2.14.1-1 of V1.9.1 does not list it for notifications,
     *     the broker accepts it there with the same meaning)
     */
    public record Params(Projection projection, Format format, boolean sysAttrs, boolean showChanges, Endpoint endpoint,
            String join, int joinLevel, Set<String> containedBy) {

        public Params {
            containedBy = containedBy == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(containedBy));
        }

        public Params(Projection projection, Format format, boolean sysAttrs, boolean showChanges, Endpoint endpoint) {
            this(projection, format, sysAttrs, showChanges, endpoint, null, 1, Set.of());
        }
    }

    /**
     * Endpoint (clause 5.2.15).
     *
     * @param receiverInfo sent as headers (HTTP) or metadata (MQTT)
     * @param notifierInfo MQTT-Version, MQTT-QoS
     */
    public record Endpoint(String uri, String accept, Map<String, String> receiverInfo, Map<String, String> notifierInfo,
            long timeoutMillis) {
        public Endpoint {
            receiverInfo = Map.copyOf(receiverInfo);
            notifierInfo = Map.copyOf(notifierInfo);
        }

        public boolean isMqtt() {
            return uri.startsWith("mqtt://") || uri.startsWith("mqtts://");
        }
    }

    /** The same subscription with the base URL its notifications' implicit context links use. */
    public Subscription withLinkBase(String base) {
        return new Subscription(id, tenant, source, context, entities, watched, triggers, q, geoQ, scopeQ, lang, active,
                expiresAt, throttling, timeInterval, notification, jsonldContext, createdAt, modifiedAt, datasetIds, base);
    }

    /**
     * Whether the subscription's notifications are compacted with an inline {@code @context} (an object or
     * an array), which the broker serves as an implicitly created context (clause 5.13.1).
     */
    public boolean inlineContext() {
        return jsonldContext == null && context != null && (context.isObject()
                || context.isArray() && !org.civicbroker.jsonld.TitaniumContextResolver.singleUrl(context));
    }

    /** Whether the subscription notifies at this instant (active and not expired; clause 5.8). */
    public boolean liveAt(Instant now) {
        return active && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** Whether the attribute instance with this datasetId (null = default instance) is notified (clause 5.8.6). */
    public boolean notifiesInstance(String datasetId) {
        return datasetIds.isEmpty() || datasetIds.contains(datasetId == null ? NO_DATASET : datasetId);
    }

    public boolean periodic() {
        return timeInterval > 0;
    }
}
