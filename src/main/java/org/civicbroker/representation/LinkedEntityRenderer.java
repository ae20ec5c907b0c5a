package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.query.join.JoinedEntity;

/**
 * Renders the result of a linked-entity retrieval (clause 4.5.23). Every entity is rendered with the
 * request's options (format, sysAttrs, lang) under its own projection ({@link JoinedEntity#projection()}).
 *
 * <ul>
 *   <li>Inline (4.5.23.2): the linking entity with, in each followed Relationship instance, an
 *       {@code entity} member holding the linked entity (an array when the Relationship has several
 *       objects), and in each followed ListRelationship an {@code entityList} in objectList order
 *       (clauses 4.5.3.2, 4.5.22.2). Simplified: the Relationship's value becomes the linked entity in
 *       simplified form, each URI of an array or ListRelationship its entity (clause 4.5.4); a URI
 *       whose entity was not retrieved stays a URI.</li>
 *   <li>Flat (4.5.23.3): an array of every entity of the walk, linking entities first.</li>
 *   <li>GeoJSON: inline gives Features whose properties carry the nested entities; flat a
 *       FeatureCollection of every entity.</li>
 * </ul>
 * A nested entity never carries {@code @context}. Stateless and thread-safe.
 */
public final class LinkedEntityRenderer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String ENTITY = "entity";
    static final String ENTITY_LIST = "entityList";

    private final EntityRenderer entities;
    private final GeoJsonRenderer geo;

    public LinkedEntityRenderer() {
        this.entities = new EntityRenderer();
        this.geo = new GeoJsonRenderer(entities);
    }

    /** One linking entity with its linked entities nested. */
    public ObjectNode inline(JoinedEntity node, LdContext ctx, RenderOptions base) {
        RenderOptions o = base.project(node.projection());
        ObjectNode out = entities.render(node.entity(), ctx, o);
        nest(out, node, ctx, base);
        return out;
    }

    /** Every entity of a flat walk, each under its own projection. */
    public ArrayNode flat(List<JoinedEntity> all, LdContext ctx, RenderOptions base) {
        ArrayNode out = F.arrayNode();
        all.forEach(n -> out.add(entities.render(n.entity(), ctx, base.project(n.projection()))));
        return out;
    }

    /** A linking entity as a GeoJSON Feature whose properties carry the nested linked entities. */
    public ObjectNode inlineFeature(JoinedEntity node, LdContext ctx, RenderOptions base, String geometryIri) {
        ObjectNode feature = geo.feature(node.entity(), ctx, base.project(node.projection()), geometryIri);
        nest((ObjectNode) feature.get("properties"), node, ctx, base);
        return feature;
    }

    /** Features in a FeatureCollection ({@code @context}, when embedded, once at its top). */
    public ObjectNode featureCollection(List<JoinedEntity> nodes, boolean inline, LdContext ctx, RenderOptions base,
            String geometryIri) {
        ObjectNode out = F.objectNode();
        if (base.embedContext()) {
            out.set("@context", ctx.contextValue().deepCopy());
        }
        out.put("type", "FeatureCollection");
        ArrayNode features = out.putArray("features");
        RenderOptions inner = base.withEmbedContext(false);
        for (JoinedEntity n : nodes) {
            features.add(inline ? inlineFeature(n, ctx, inner, geometryIri)
                    : geo.feature(n.entity(), ctx, inner.project(n.projection()), geometryIri));
        }
        return out;
    }

    /**
     * Puts the linked entities of {@code node} into its already rendered attributes ({@code members}: the
     * entity, or a Feature's properties), for callers that render the linking entity themselves
     * (notifications). The linked entities are rendered with {@code base} under their own projections.
     */
    public void nest(ObjectNode members, JoinedEntity node, LdContext ctx, RenderOptions base) {
        RenderOptions inner = base.withEmbedContext(false);
        for (JoinedEntity.Link link : node.links()) {
            JsonNode rendered = members.get(EntityRenderer.attributeName(link.attribute(), ctx));
            Attribute instance = instance(node, link);
            if (rendered == null || instance == null) {
                continue;
            }
            Map<String, ObjectNode> targets = new LinkedHashMap<>();
            link.targets().forEach(t -> targets.put(t.id(), inline(t, ctx, inner)));
            if (base.format() == Format.SIMPLIFIED) {
                simplified(members, EntityRenderer.attributeName(link.attribute(), ctx), rendered, instance, targets);
            } else {
                ObjectNode target = instanceObject(rendered, link.datasetId());
                if (target != null) {
                    target.set(instance.type() == AttributeType.LIST_RELATIONSHIP ? ENTITY_LIST : ENTITY,
                            entityMember(instance, targets));
                }
            }
        }
    }

    /** Normalized and concise: the linked entity, or an array of them for several objects / a list. */
    private static JsonNode entityMember(Attribute instance, Map<String, ObjectNode> targets) {
        if (instance.type() == AttributeType.RELATIONSHIP && instance.value().isTextual()) {
            return targets.values().iterator().next();
        }
        ArrayNode out = F.arrayNode();
        targets.values().forEach(out::add);
        return out;
    }

    /** Simplified: the value (or the dataset entry of the instance) becomes the linked entity data. */
    private static void simplified(ObjectNode members, String name, JsonNode rendered, Attribute instance,
            Map<String, ObjectNode> targets) {
        JsonNode replacement = replaceObjects(instance.value(), targets);
        // several instances render as {"dataset": {datasetId | "@none": value}} (clause 4.5.4)
        JsonNode dataset = rendered.isObject() ? rendered.get(AttributeRenderer.DATASET) : null;
        if (dataset instanceof ObjectNode byDataset) {
            byDataset.set(instance.datasetId() == null ? "@none" : instance.datasetId(), replacement);
        } else {
            members.set(name, replacement);
        }
    }

    private static JsonNode replaceObjects(JsonNode objects, Map<String, ObjectNode> targets) {
        if (objects.isTextual()) {
            ObjectNode t = targets.get(objects.textValue());
            return t != null ? t : objects;
        }
        ArrayNode out = F.arrayNode();
        objects.forEach(o -> out.add(o.isTextual() && targets.containsKey(o.textValue()) ? targets.get(o.textValue())
                : o.isTextual() ? TextNode.valueOf(o.textValue()) : o));
        return out;
    }

    /** The rendered object of the instance: the attribute object, or the array element with its datasetId. */
    private static ObjectNode instanceObject(JsonNode rendered, String datasetId) {
        if (rendered instanceof ObjectNode single && !rendered.has(AttributeRenderer.DATASET)) {
            return Objects.equals(text(single.get("datasetId")), datasetId) ? single : null;
        }
        if (rendered.isArray()) {
            for (JsonNode element : rendered) {
                if (element instanceof ObjectNode o && Objects.equals(text(o.get("datasetId")), datasetId)) {
                    return o;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null ? null : n.asText();
    }

    private static Attribute instance(JoinedEntity node, JoinedEntity.Link link) {
        return node.entity().attribute(link.attribute()).stream()
                .filter(a -> Objects.equals(a.datasetId(), link.datasetId())).findFirst().orElse(null);
    }
}
