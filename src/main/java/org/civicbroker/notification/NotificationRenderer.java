package org.civicbroker.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.query.join.JoinSpec;
import org.civicbroker.query.join.JoinedEntity;
import org.civicbroker.query.join.LinkedEntityGraph;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.representation.DateTimes;
import org.civicbroker.representation.EntityRenderer;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.LinkedEntityRenderer;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.subscription.ContextLink;
import org.civicbroker.subscription.Subscription;

/**
 * Renders the Notification (clause 5.3.1: id, type, subscriptionId, notifiedAt, data) of a subscription
 * in its format, projection, sysAttrs, lang and @context (clause 5.11): a Link header for
 * application/json, {@code @context} in the body for application/ld+json, a FeatureCollection as
 * {@code data} for application/geo+json; {@code previousValue} (and its kin) with showChanges;
 * receiverInfo as headers. Pure code.
 */
public final class NotificationRenderer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final EntityRenderer entities = new EntityRenderer();
    private final GeoJsonRenderer geo = new GeoJsonRenderer();
    private final LinkedEntityRenderer joined = new LinkedEntityRenderer();
    /** {@code civic.jsonld.public-base-url}, when set. */
    private final Optional<String> publicBaseUrl;

    public NotificationRenderer() {
        this(Optional.empty());
    }

    /** @param publicBaseUrl {@code civic.jsonld.public-base-url} when set: then it is the base of every served context */
    public NotificationRenderer(Optional<String> publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.map(String::trim).filter(b -> !b.isEmpty());
    }

    /** The body and headers of one notification. */
    public record Rendered(String contentType, Map<String, String> headers, String body) {
    }

    /**
     * @param changed entity states to notify (after the change)
     * @param previous for showChanges: the state before the change by entity id (may be empty)
     * @param deleted entities deleted by the change (notified with id, type and deletedAt)
     */
    public Rendered render(Subscription s, List<Entity> changed, Map<String, Entity> previous, List<Entity> deleted,
            LdContext ctx, Instant now) {
        List<Notified> items = new ArrayList<>();
        changed.forEach(e -> items.add(new Notified(e, previous.get(e.id()), now, false)));
        deleted.forEach(e -> items.add(new Notified(e.withAttributes(Map.of()), e, now, true)));
        return render(s, items, ctx, now);
    }

    /** The notification of these entities (clause 5.8.6), each as {@link Notified} says; no linked entities. */
    public Rendered render(Subscription s, List<Notified> items, LdContext ctx, Instant now) {
        return render(s, items, ctx, now, ids -> Map.of());
    }

    /**
     * The notification of these entities (clause 5.8.6), each as {@link Notified} says.
     *
     * @param linked the stored entities by id, for the subscription's {@code join} (clause 4.5.23)
     */
    public Rendered render(Subscription s, List<Notified> items, LdContext ctx, Instant now,
            Function<Collection<String>, Map<String, Entity>> linked) {
        Subscription.Params p = s.notification();
        Subscription.Endpoint ep = p.endpoint();
        Projection proj = p.projection();
        boolean ld = MediaTypes.JSON_LD.equals(ep.accept());
        // clause 6.3.x: in an application/ld+json body every entity of an array carries its @context, as in
        // query results; the notification itself carries it too
        RenderOptions o = new RenderOptions(p.format(), p.sysAttrs(), s.lang(), proj::keepsAttribute, proj.keepsId(),
                proj.keepsType(), proj.keepsScope(), ld);
        ObjectNode n = F.objectNode();
        if (ld) {
            n.set("@context", ctx.contextValue().deepCopy());
        }
        n.put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID());
        n.put("type", "Notification");
        n.put("subscriptionId", s.id());
        n.put("notifiedAt", DateTimes.format(now));
        if (MediaTypes.GEO_JSON.equals(ep.accept())) {
            List<Entity> current = items.stream().filter(i -> !i.entityDeleted()).map(Notified::entity).toList();
            n.set("data", geo.featureCollection(current, ctx, o, GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY));
        } else {
            ArrayNode data = n.putArray("data");
            // Linked entities (clause 4.5.23, the shared walk of query.join): the Relationships the
            // projection shows are followed; linked entities are shown whole unless a nested pick/omit
            // (rel{...}) projects them
            List<Entity> linking = items.stream().filter(i -> !i.entityDeleted()).map(Notified::entity).toList();
            LinkedEntityGraph graph = new LinkedEntityGraph(linking, proj, JoinSpec.bounded(p.join(), p.joinLevel(), p.containedBy())).walk(linked::apply);
            RenderOptions whole = new RenderOptions(p.format(), p.sysAttrs(), s.lang(), null, true, true, true, ld);
            Map<String, JoinedEntity> roots = new LinkedHashMap<>();
            graph.roots().forEach(r -> roots.putIfAbsent(r.id(), r));
            for (Notified item : items) {
                ObjectNode r = entity(item, p, ctx, o);
                if ("inline".equals(p.join()) && !item.entityDeleted()) {
                    joined.nest(r, roots.get(item.entity().id()), ctx, whole);
                }
                data.add(r);
            }
            if ("flat".equals(p.join())) {
                List<JoinedEntity> all = graph.flattened();
                data.addAll(joined.flat(all.subList(linking.size(), all.size()), ctx, whole));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(ep.receiverInfo());
        if (!ld) {
            link(s, ctx).ifPresent(url -> headers.put("Link", LinkHeader.of(url)));
        }
        if (s.tenant() != null) {
            headers.put("NGSILD-Tenant", s.tenant());
        }
        return new Rendered(ld ? MediaTypes.JSON_LD : MediaTypes.JSON.equals(ep.accept()) ? MediaTypes.JSON : ep.accept(),
                headers, write(n));
    }

    /**
     * One notified entity (clause 5.8.6). A deleted entity carries {@code deletedAt} (and with sysAttrs
     * {@code createdAt}/{@code modifiedAt}); deleted attribute instances are NGSI-LD Null, with
     * {@code deletedAt} under sysAttrs, and in keyValues a wholly deleted attribute is the bare
     * {@code "urn:ngsi-ld:null"}; with showChanges every changed or deleted instance carries its previous value.
     */
    private ObjectNode entity(Notified item, Subscription.Params p, LdContext ctx, RenderOptions o) {
        ObjectNode r = entities.render(item.entity(), ctx, o);
        String at = DateTimes.format(item.at());
        if (item.entityDeleted()) {
            r.put("deletedAt", at);
        }
        item.entity().attributes().forEach((iri, instances) -> {
            String name = EntityRenderer.attributeName(iri, ctx);
            JsonNode rendered = r.get(name);
            if (rendered == null || instances.stream().noneMatch(Notified::isNull)) {
                return;
            }
            if (p.format() == Format.SIMPLIFIED && instances.stream().allMatch(Notified::isNull)) {
                r.put(name, NgsiNull.URN);
            } else if (p.sysAttrs()) {
                markDeleted(rendered, at);
            }
        });
        if (p.showChanges() && item.previous() != null && p.format() != Format.SIMPLIFIED) {
            // the previous state in normalized form: every instance an object with its value member
            addPreviousValues(r, entities.render(item.previous(), ctx, o.withFormat(Format.NORMALIZED).withEmbedContext(false)));
        }
        return r;
    }

    /** Adds deletedAt to the NGSI-LD Null instances of a rendered attribute (one instance object, or an array). */
    private static void markDeleted(JsonNode rendered, String at) {
        if (rendered instanceof ArrayNode instances) {
            instances.forEach(i -> markDeleted(i, at));
        } else if (rendered instanceof ObjectNode i && VALUE_MEMBERS.stream().anyMatch(m -> isNullValue(i.get(m)))) {
            i.put("deletedAt", at);
        }
    }

    private static boolean isNullValue(JsonNode v) {
        return NgsiNull.isMarker(v) || v instanceof ObjectNode o && o.size() == 1 && NgsiNull.isMarker(o.get("@none"));
    }

    /**
     * The Link of an application/json notification: the URL of the subscription's context (clause 5.11). An
     * inline context (object or array) has no URL of its own: the broker serves it as an implicitly created
     * context (clause 5.13.1), at {@code civic.jsonld.public-base-url} when set, else under the base URL the
     * client reached the broker at when it created (or last patched) the subscription. Notifications are
     * rendered outside any request, where the broker's own idea of its address is only
     * {@code http://localhost:<port>}, useless to a receiver on another host.
     */
    Optional<String> link(Subscription s, LdContext ctx) {
        return ContextLink.of(s, ctx, publicBaseUrl);
    }

    /** Value members of the attribute types (clauses 4.5.2-4.5.24), each with its {@code previous...} name. */
    private static final List<String> VALUE_MEMBERS = List.of("value", "object", "languageMap", "vocab", "valueList",
            "objectList", "json");

    /**
     * showChanges (clause 5.2.14): each attribute instance whose value changed gets the previous one beside it,
     * named after its value member ({@code value} -> {@code previousValue}, {@code object} ->
     * {@code previousObject}, {@code languageMap} -> {@code previousLanguageMap}...). A multi-attribute
     * (several instances, clause 4.5.5) is an array of instance objects: each instance is compared with
     * the previous instance of the same {@code datasetId} (none = the default instance), so a receiver gets
     * the previous value of exactly the instance that changed; a new instance has no previous value
     * (creations carry none). In the concise format (clause 4.5.3.3) an attribute rendered as a bare value
     * becomes {@code {"value": ..., "previousValue": ...}} when it changed, since a bare value cannot
     * carry a member.
     *
     * @param now the notified entity as rendered (normalized or concise)
     * @param before the entity before the change, rendered normalized with the same context and options
     */
    static void addPreviousValues(ObjectNode now, ObjectNode before) {
        for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Map<String, ObjectNode> old = byDatasetId(before.get(f.getKey()));
            if (old.isEmpty()) {
                continue;
            }
            JsonNode attr = f.getValue();
            if (attr instanceof ArrayNode instances) {
                for (JsonNode instance : instances) {
                    if (instance instanceof ObjectNode i) {
                        addPrevious(i, old.get(datasetId(i)));
                    }
                }
            } else if (attr instanceof ObjectNode i && !isBareGeoJson(i)) {
                addPrevious(i, old.get(datasetId(i)));
            } else {
                // concise: a bare value (scalar Property or GeoJSON of a GeoProperty) of the default instance
                ObjectNode was = old.get(NO_DATASET);
                if (was != null && was.has("value") && !was.get("value").equals(attr)) {
                    ObjectNode wrapped = F.objectNode();
                    wrapped.set("value", attr);
                    wrapped.set("previousValue", was.get("value").deepCopy());
                    f.setValue(wrapped);
                }
            }
        }
    }

    /** Key of the default instance (no datasetId) in {@link #byDatasetId}. */
    private static final String NO_DATASET = "";

    private static void addPrevious(ObjectNode instance, ObjectNode was) {
        if (was == null) {
            return;
        }
        for (String member : VALUE_MEMBERS) {
            JsonNode oldValue = was.get(member);
            if (oldValue != null && instance.has(member) && !oldValue.equals(instance.get(member))) {
                instance.set("previous" + Character.toUpperCase(member.charAt(0)) + member.substring(1), oldValue.deepCopy());
            }
        }
    }

    /** The instances of a normalized attribute (one object, or an array of them) by datasetId. */
    private static Map<String, ObjectNode> byDatasetId(JsonNode normalized) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        if (normalized instanceof ObjectNode o && o.has("type")) {
            out.put(datasetId(o), o);
        } else if (normalized instanceof ArrayNode a) {
            a.forEach(i -> {
                if (i instanceof ObjectNode o) {
                    out.put(datasetId(o), o);
                }
            });
        }
        return out;
    }

    private static String datasetId(ObjectNode instance) {
        JsonNode d = instance.get("datasetId");
        return d == null || !d.isTextual() ? NO_DATASET : d.asText();
    }

    /**
     * A concise attribute object never has {@code type} (the value member names its type), so an object
     * with {@code type} in the concise data is the bare GeoJSON value of a GeoProperty. In normalized
     * form every attribute has {@code type} and one of the value members.
     */
    private static boolean isBareGeoJson(ObjectNode attr) {
        return attr.has("type") && VALUE_MEMBERS.stream().noneMatch(attr::has);
    }

    static String write(JsonNode n) {
        try {
            return RequestReader.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
