package org.civicbroker.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.entity.Views.View;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.query.join.JoinSpec;
import org.civicbroker.query.join.LinkedEntities;
import org.civicbroker.query.join.JoinedEntity;
import org.civicbroker.query.join.LinkedEntityGraph;
import org.civicbroker.representation.EntityRenderer;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.LinkedEntityRenderer;
import org.civicbroker.security.Caller;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.security.PersonalReads;
import org.civicbroker.tenancy.Tenant;

/**
 * Renders the entities a read selected (Retrieve Entity, Query Entities) in the requested view, with
 * their linked entities when the view asks for a join (clause 4.5.23).
 */
@ApplicationScoped
public class ResultRenderer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final LinkedEntities linked;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geo = new GeoJsonRenderer();
    private final LinkedEntityRenderer joined = new LinkedEntityRenderer();

    private final CurrentCaller caller;

    private final PersonalReads reads;

    public ResultRenderer(LinkedEntities linked, CurrentCaller caller, PersonalReads reads) {
        this.linked = linked;
        this.caller = caller;
        this.reads = reads;
    }

    /**
     * One entity (Retrieve Entity): an entity or a Feature; with join=flat an array of the entity and
     * its linked entities (or a FeatureCollection), as clause 5.7.1.5 requires.
     */
    public Uni<JsonNode> one(Tenant tenant, Entity e, View view, Representation rep, LdContext ctx, String geometryIri) {
        boolean geoJson = rep == Representation.GEO_JSON;
        reads.note(tenant, e);  // the audit of reads of personal data (docs/security.md, "Audit")
        if (!view.join().joins()) {
            return Uni.createFrom().item(geoJson ? geo.feature(e, ctx, view.render(), geometryIri)
                    : renderer.render(e, ctx, view.render()));
        }
        return walk(tenant, List.of(e), view).map(g -> {
            if (view.join().mode() == JoinSpec.Mode.FLAT) {
                return geoJson ? joined.featureCollection(g.flattened(), false, ctx, view.render(), geometryIri)
                        : joined.flat(g.flattened(), ctx, view.render());
            }
            return geoJson ? joined.inlineFeature(g.roots().get(0), ctx, view.render(), geometryIri)
                    : joined.inline(g.roots().get(0), ctx, view.render());
        });
    }

    /**
     * A query's page: an array (entities the projection leaves empty are left out) or a
     * FeatureCollection; with join=flat the linked entities follow the page's entities.
     */
    public Uni<JsonNode> many(Tenant tenant, List<Entity> entities, View view, Representation rep, LdContext ctx,
            String geometryIri) {
        boolean geoJson = rep == Representation.GEO_JSON;
        reads.note(tenant, entities);  // the audit of reads of personal data (docs/security.md, "Audit")
        if (!view.join().joins()) {
            return Uni.createFrom().item(geoJson ? geo.featureCollection(entities, ctx, view.render(), geometryIri)
                    : nonEmpty(renderer.renderAll(entities, ctx, view.render())));
        }
        boolean flat = view.join().mode() == JoinSpec.Mode.FLAT;
        return walk(tenant, entities, view).map(g -> {
            if (geoJson) {
                return joined.featureCollection(flat ? g.flattened() : g.roots(), !flat, ctx, view.render(), geometryIri);
            }
            ArrayNode out = F.arrayNode();
            if (flat) {
                out.addAll(joined.flat(g.flattened(), ctx, view.render()));
            } else {
                g.roots().forEach(n -> out.add(joined.inline(n, ctx, view.render())));
            }
            return nonEmpty(out);
        });
    }

    private Uni<LinkedEntityGraph> walk(Tenant tenant, List<Entity> entities, View view) {
        // linked entities the caller may not see are left out, as if they were not stored
        Caller c = caller.get();
        return linked.join(tenant, entities, view.projection(), view.join(), c.restricted() ? e -> c.sees(e.types()) : null)
                .invoke(g -> reads.note(tenant, g.flattened().stream().map(JoinedEntity::entity).toList()));  // linked ones are read too
    }

    /**
     * Leaves out the entities a projection emptied ({@code pick=name} on an entity without name): an
     * empty object tells the client nothing, and the entity does not have what was asked for.
     */
    private static ArrayNode nonEmpty(ArrayNode rendered) {
        ArrayNode out = F.arrayNode();
        rendered.forEach(n -> {
            if (!(n instanceof ObjectNode o) || o.size() > (o.has("@context") ? 1 : 0)) {
                out.add(n);
            }
        });
        return out;
    }
}
