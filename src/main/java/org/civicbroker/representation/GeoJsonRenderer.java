package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;

/**
 * GeoJSON representation of entities (clauses 4.5.16, 4.5.17, 5.2.29-5.2.31, 6.3.15): a Feature per
 * entity whose geometry is the value of the chosen GeoProperty and whose properties are the entity type,
 * scope, system timestamps and attributes in the requested format. Stateless and thread-safe.
 */
public final class GeoJsonRenderer {

    public static final String DEFAULT_GEOMETRY_PROPERTY = AttributeType.NGSI_LD + "location";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final EntityRenderer entities;

    public GeoJsonRenderer() {
        this(new EntityRenderer());
    }

    public GeoJsonRenderer(EntityRenderer entities) {
        this.entities = entities;
    }

    /**
     * One entity as a Feature. {@code @context} (first member) when {@code o.embedContext()}.
     *
     * @param geometryPropertyIri expanded IRI of the GeoProperty to use as geometry; null for location
     */
    public ObjectNode feature(Entity e, LdContext ctx, RenderOptions o, String geometryPropertyIri) {
        ObjectNode out = F.objectNode();
        if (o.embedContext()) {
            out.set("@context", ctx.contextValue().deepCopy());
        }
        fillFeature(out, e, ctx, o, geometryPropertyIri);
        return out;
    }

    /**
     * Entities as a FeatureCollection ({@code features} is empty when there are none). The
     * {@code @context}, when embedded, is given once at the top of the collection, not in each Feature.
     */
    public ObjectNode featureCollection(List<Entity> list, LdContext ctx, RenderOptions o, String geometryPropertyIri) {
        ObjectNode out = F.objectNode();
        if (o.embedContext()) {
            out.set("@context", ctx.contextValue().deepCopy());
        }
        out.put("type", "FeatureCollection");
        ArrayNode features = out.putArray("features");
        for (Entity e : list) {
            fillFeature(features.addObject(), e, ctx, o, geometryPropertyIri);
        }
        return out;
    }

    private void fillFeature(ObjectNode out, Entity e, LdContext ctx, RenderOptions o, String geometryPropertyIri) {
        if (o.includeId()) {
            out.put("id", e.id());
        }
        out.put("type", "Feature");
        out.set("geometry", geometry(e, geometryPropertyIri == null ? DEFAULT_GEOMETRY_PROPERTY : geometryPropertyIri));
        ObjectNode properties = out.putObject("properties");
        entities.entityMembers(properties, e, ctx, o);
        entities.addAttributes(properties, e, ctx, o);
    }

    /**
     * The GeoJSON value of the GeoProperty (its default instance, else its first), or null when the
     * entity has no such GeoProperty. The geometry is taken whatever attributes are selected: it
     * belongs to the Feature, not to its properties.
     */
    static JsonNode geometry(Entity e, String geometryPropertyIri) {
        List<Attribute> instances = e.attribute(geometryPropertyIri);
        Attribute chosen = instances.stream().filter(a -> a.datasetId() == null).findFirst()
                .orElse(instances.isEmpty() ? null : instances.get(0));
        if (chosen == null || chosen.type() != AttributeType.GEO_PROPERTY) {
            return NullNode.getInstance();
        }
        return chosen.value().deepCopy();
    }
}
