package org.civicbroker.representation;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;

import java.util.List;
import org.civicbroker.query.join.Graphs;
import org.civicbroker.query.join.JoinSpec.Mode;
import org.civicbroker.query.join.LinkedEntityGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inline and flat linked-entity representations (clauses 4.5.23.2, 4.5.23.3, 4.5.3.2, 4.5.22.2, 4.5.4). */
class LinkedEntityRendererTest {

    private final Graphs g = new Graphs();
    private final LinkedEntityRenderer renderer = new LinkedEntityRenderer();
    private final FakeContext ctx = new FakeContext();

    @BeforeEach
    void graph() {
        g.put("lamp", "on", "street", "+owners", "council,nobody", "*stops", "council,depot");
        g.addInstance("lamp", "on", "urn:ngsi-ld:Dataset:alt", "borough");
        g.put("street", "in", "borough");
        g.put("borough");
        g.put("council");
        g.put("depot");
    }

    @Test
    void inlineNestsEntityAndEntityListInTheRelationshipInstances() {
        LinkedEntityGraph walk = g.walk(List.of("lamp"), null, Graphs.spec(Mode.INLINE, 2));
        assertThatJson(renderer.inline(walk.roots().get(0), ctx, RenderOptions.defaults()))
                .isEqualTo(Fixtures.render("join-inline-normalized.json"));
    }

    @Test
    void inlineSimplifiedReplacesObjectsByTheirEntities() {
        LinkedEntityGraph walk = g.walk(List.of("lamp"), null, Graphs.spec(Mode.INLINE, 2));
        assertThatJson(renderer.inline(walk.roots().get(0), ctx, RenderOptions.of(Format.SIMPLIFIED)))
                .isEqualTo(Fixtures.render("join-inline-simplified.json"));
    }

    @Test
    void flatRendersEveryEntityUnderItsOwnProjection() {
        LinkedEntityGraph walk = g.walk(List.of("lamp"), "id,on{id,label}", Graphs.spec(Mode.FLAT, 2));
        assertThatJson(renderer.flat(walk.flattened(), ctx, RenderOptions.of(Format.SIMPLIFIED)))
                .isEqualTo(Fixtures.render("join-flat-picked.json"));
    }

    @Test
    void geoJsonCollectsFeatures() {
        LinkedEntityGraph walk = g.walk(List.of("lamp"), "id,on{id}", Graphs.spec(Mode.FLAT, 1));
        assertThatJson(renderer.featureCollection(walk.flattened(), false, ctx, RenderOptions.defaults().withEmbedContext(true),
                GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY))
                .inPath("features[*].id").isArray()
                .containsExactly("urn:ngsi-ld:Thing:lamp", "urn:ngsi-ld:Thing:street", "urn:ngsi-ld:Thing:borough");
    }
}
