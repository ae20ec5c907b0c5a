package org.civicbroker.representation;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.representation.TestEntities.d;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeoJsonRendererTest {

    private final GeoJsonRenderer renderer = new GeoJsonRenderer();
    private final FakeContext ctx = new FakeContext();

    @Test
    void featureUsesLocationByDefaultWithContextFirst() {
        ObjectNode out = renderer.feature(TestEntities.park(), ctx,
                RenderOptions.of(Format.SIMPLIFIED).withEmbedContext(true), null);
        assertThatJson(out).isEqualTo(Fixtures.render("feature-location-simplified.json"));
        assertThat(out.fieldNames().next()).isEqualTo("@context");
    }

    @Test
    void featureUsesTheRequestedGeometryProperty() {
        ObjectNode out = renderer.feature(TestEntities.park(), ctx, RenderOptions.defaults(), d("entrance"));
        assertThatJson(out).isEqualTo(Fixtures.render("feature-entrance-normalized.json"));
    }

    @Test
    void collectionCarriesContextOnceAndNullGeometryWhenAbsent() {
        ObjectNode out = renderer.featureCollection(List.of(TestEntities.park(), TestEntities.bench()), ctx,
                RenderOptions.of(Format.CONCISE).withEmbedContext(true), GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY);
        assertThatJson(out).isEqualTo(Fixtures.render("featurecollection-concise.json"));
        assertThat(out.get("features").get(0).has("@context")).isFalse();
    }

    @Test
    void emptyCollectionHasEmptyFeatures() {
        ObjectNode out = renderer.featureCollection(List.of(), ctx, RenderOptions.defaults(), null);
        assertThatJson(out).isEqualTo("{\"type\":\"FeatureCollection\",\"features\":[]}");
    }

    @Test
    void geometryPropertyThatIsNotAGeoPropertyGivesNullGeometry() {
        ObjectNode out = renderer.feature(TestEntities.park(), ctx, RenderOptions.defaults(), d("name"));
        assertThat(out.get("geometry").isNull()).isTrue();
    }

    @Test
    void geometryIsKeptWhenTheAttributeFilterLeavesItOutOfProperties() {
        RenderOptions o = RenderOptions.of(Format.SIMPLIFIED).withAttributeFilter(d("name")::equals);
        ObjectNode out = renderer.feature(TestEntities.park(), ctx, o, null);
        assertThat(out.get("geometry").get("type").asText()).isEqualTo("Polygon");
        assertThatJson(out.get("properties")).isEqualTo("{\"type\":\"Park\",\"name\":\"Regent's Park\"}");
    }

    @Test
    void sysAttrsAndScopeGoIntoProperties() {
        ObjectNode out = renderer.feature(TestEntities.allTypes(), ctx,
                RenderOptions.of(Format.SIMPLIFIED).withSysAttrs(true).withAttributeFilter(d("brandName")::equals), null);
        assertThatJson(out).isEqualTo("{\"id\":\"urn:ngsi-ld:Vehicle:A4567\",\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-0.1276,51.5072]},"
                + "\"properties\":{\"type\":\"Vehicle\",\"scope\":\"/London/Camden\","
                + "\"createdAt\":\"2024-01-02T03:04:05.678Z\",\"modifiedAt\":\"2024-02-03T04:05:06Z\","
                + "\"brandName\":\"Mercedes\"}}");
    }
}
