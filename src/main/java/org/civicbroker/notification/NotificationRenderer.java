package org.civicbroker.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.representation.EntityRenderer;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.RenderOptions;
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

    /** The body and headers of one notification. */
    public record Rendered(String contentType, Map<String, String> headers, String body) {
    }

    /**
     * @param changed entity states to notify (after the change)
     * @param previous for showChanges: the state before the change by entity id (may be empty)
     * @param deleted entities deleted by the change (entityDeleted: id, type and deletedAt only)
     */
    public Rendered render(Subscription s, List<Entity> changed, Map<String, Entity> previous, List<Entity> deleted,
            LdContext ctx, Instant now) {
        Subscription.Params p = s.notification();
        Subscription.Endpoint ep = p.endpoint();
        Projection proj = p.projection();
        RenderOptions o = new RenderOptions(p.format(), p.sysAttrs(), s.lang(), proj::keepsAttribute, proj.keepsId(),
                proj.keepsType(), proj.keepsScope(), false);
        ObjectNode n = F.objectNode();
        boolean ld = MediaTypes.JSON_LD.equals(ep.accept());
        if (ld) {
            n.set("@context", ctx.contextValue().deepCopy());
        }
        n.put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID());
        n.put("type", "Notification");
        n.put("subscriptionId", s.id());
        n.put("notifiedAt", now.toString());
        if (MediaTypes.GEO_JSON.equals(ep.accept())) {
            n.set("data", geo.featureCollection(changed, ctx, o, GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY));
        } else {
            ArrayNode data = n.putArray("data");
            for (Entity e : changed) {
                ObjectNode r = entities.render(e, ctx, o);
                Entity before = previous.get(e.id());
                if (p.showChanges() && before != null && p.format() != Format.SIMPLIFIED) {
                    addPreviousValues(r, entities.render(before, ctx, o));
                }
                data.add(r);
            }
            for (Entity e : deleted) {
                ObjectNode r = data.addObject();
                r.put("id", e.id());
                r.set("type", EntityRenderer.types(e.types(), ctx));
                r.put("deletedAt", now.toString());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(ep.receiverInfo());
        if (!ld) {
            ctx.linkUrl().ifPresent(url -> headers.put("Link", LinkHeader.of(url)));
        }
        if (s.tenant() != null) {
            headers.put("NGSILD-Tenant", s.tenant());
        }
        return new Rendered(ld ? MediaTypes.JSON_LD : MediaTypes.JSON.equals(ep.accept()) ? MediaTypes.JSON : ep.accept(),
                headers, write(n));
    }

    /**
     * showChanges (clause 5.2.14): each attribute whose value changed gets the previous one beside it,
     * named after its value member ({@code value} -> {@code previousValue}, {@code object} ->
     * {@code previousObject}, {@code languageMap} -> {@code previousLanguageMap}...).
     */
    static void addPreviousValues(ObjectNode now, ObjectNode before) {
        for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!(f.getValue() instanceof ObjectNode attr) || !(before.get(f.getKey()) instanceof ObjectNode old)) {
                continue;
            }
            for (String member : List.of("value", "object", "languageMap", "vocab", "valueList", "objectList", "json")) {
                JsonNode oldValue = old.get(member);
                if (oldValue != null && attr.has(member) && !oldValue.equals(attr.get(member))) {
                    attr.set("previous" + Character.toUpperCase(member.charAt(0)) + member.substring(1), oldValue.deepCopy());
                }
            }
        }
    }

    static String write(JsonNode n) {
        try {
            return RequestReader.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
