package org.civicbroker.representation;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.representation.TestEntities.d;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityRendererTest {

    private final EntityRenderer renderer = new EntityRenderer();
    private final FakeContext ctx = new FakeContext();

    private ObjectNode render(Entity e, RenderOptions o) {
        return renderer.render(e, ctx, o);
    }

    @ParameterizedTest
    @CsvSource({
        "NORMALIZED, all-types-normalized.json",
        "CONCISE, all-types-concise.json",
        "SIMPLIFIED, all-types-simplified.json"
    })
    void rendersEveryAttributeTypeWithoutSysAttrs(Format format, String fixture) {
        assertThatJson(render(TestEntities.allTypes(), RenderOptions.of(format))).isEqualTo(Fixtures.render(fixture));
    }

    @ParameterizedTest
    @CsvSource({
        "NORMALIZED, sysattrs-normalized.json",
        "CONCISE, sysattrs-concise.json",
        "SIMPLIFIED, sysattrs-simplified.json"
    })
    void sysAttrsAddTimestampsToEntityAttributesAndSubAttributes(Format format, String fixture) {
        RenderOptions o = RenderOptions.of(format).withSysAttrs(true);
        assertThatJson(render(TestEntities.withTimestamps(), o)).isEqualTo(Fixtures.render(fixture));
    }

    @ParameterizedTest
    @CsvSource({
        "NORMALIZED, multi-instance-normalized.json",
        "CONCISE, multi-instance-concise.json",
        "SIMPLIFIED, multi-instance-simplified.json"
    })
    void multiInstanceAttributesRenderAsArraysOrDatasetMaps(Format format, String fixture) {
        assertThatJson(render(TestEntities.multiInstance(), RenderOptions.of(format))).isEqualTo(Fixtures.render(fixture));
    }

    @Test
    void langReducesEachDatasetInstanceOfASimplifiedMultiAttribute() {
        RenderOptions o = RenderOptions.of(Format.SIMPLIFIED).withLang("en");
        assertThatJson(render(TestEntities.multiInstance(), o))
                .isEqualTo(Fixtures.render("multi-instance-lang-en-simplified.json"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NORMALIZED | nl                 | lang-nl-normalized.json",
        "SIMPLIFIED | en                 | lang-en-simplified.json",
        "CONCISE    | fr;q=0.5, en;q=0.9 | lang-ranked-concise.json",
        "NORMALIZED | *                  | lang-all-normalized.json"
    })
    void langPicksOneLanguageWithFallbacks(Format format, String lang, String fixture) {
        RenderOptions o = RenderOptions.of(format).withLang(lang);
        assertThatJson(render(TestEntities.languages(), o)).isEqualTo(Fixtures.render(fixture));
    }

    @Test
    void langMatchesTagsCaseInsensitivelyAndReportsTheStoredTag() {
        ObjectNode out = render(TestEntities.languages(), RenderOptions.defaults().withLang("EN-gb"));
        assertThatJson(out.get("name")).isEqualTo("{\"type\":\"Property\",\"value\":\"Town Hall\",\"lang\":\"en-GB\"}");
        assertThatJson(out.get("street")).node("lang").isEqualTo("@none");
    }

    @Test
    void attributeFilterAndPickDropAttributesIdAndType() {
        Set<String> picked = Set.of(d("brandName"), FakeContext.CORE + "location");
        RenderOptions o = RenderOptions.of(Format.SIMPLIFIED).withAttributeFilter(picked::contains).withIncludeId(false);
        assertThatJson(render(TestEntities.allTypes(), o)).isEqualTo(Fixtures.render("pick-simplified.json"));

        ObjectNode noType = render(TestEntities.bench(), RenderOptions.defaults().withIncludeType(false));
        assertThat(fieldNames(noType)).containsExactly("id", "material");
    }

    @Test
    void filterThatMatchesNothingLeavesOnlyEntityMembers() {
        ObjectNode out = render(TestEntities.allTypes(), RenderOptions.defaults().withAttributeFilter(iri -> false));
        assertThat(fieldNames(out)).containsExactly("id", "type", "scope");
    }

    @Test
    void embeddedContextIsTheFirstMember() {
        ObjectNode out = render(TestEntities.bench(), RenderOptions.of(Format.CONCISE).withEmbedContext(true));
        assertThat(fieldNames(out)).containsExactly("@context", "id", "type", "material");
        assertThat(out.get("@context")).isEqualTo(ctx.contextValue());
        assertThat(render(TestEntities.bench(), RenderOptions.defaults()).has("@context")).isFalse();
    }

    @Test
    void renderAllEmbedsTheContextInEveryEntity() {
        var out = renderer.renderAll(List.of(TestEntities.bench(), TestEntities.park()), ctx,
                RenderOptions.of(Format.SIMPLIFIED).withEmbedContext(true));
        assertThat(out).hasSize(2);
        out.forEach(e -> assertThat(e.fieldNames().next()).isEqualTo("@context"));
    }

    @Test
    void severalTypesAndScopesRenderAsArraysWithTypesCompacted() {
        Entity e = new Entity("urn:ngsi-ld:Vehicle:C3", List.of(d("Vehicle"), "https://example.org/Car"),
                List.of("/London/Camden", "/Fleet/Buses"), null, null, Map.of());
        assertThatJson(render(e, RenderOptions.defaults())).isEqualTo(
                "{\"id\":\"urn:ngsi-ld:Vehicle:C3\",\"type\":[\"Vehicle\",\"https://example.org/Car\"],"
                        + "\"scope\":[\"/London/Camden\",\"/Fleet/Buses\"]}");
    }

    @Test
    void attributeCompactingOntoAnEntityMemberKeepsItsExpandedName() {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        attrs.put(d("type"), List.of(Attribute.of(AttributeType.PROPERTY, TestEntities.json("\"shadow\""))));
        attrs.put(d("id"), List.of(Attribute.of(AttributeType.PROPERTY, TestEntities.json("\"shadow\""))));
        Entity e = new Entity("urn:ngsi-ld:Thing:1", List.of(d("Thing")), List.of(), null, null, attrs);
        ObjectNode out = render(e, RenderOptions.of(Format.SIMPLIFIED));
        assertThat(out.get("id").asText()).isEqualTo("urn:ngsi-ld:Thing:1");
        assertThat(out.get("type").asText()).isEqualTo("Thing");
        assertThat(out.get(d("type")).asText()).isEqualTo("shadow");
        assertThat(out.get(d("id")).asText()).isEqualTo("shadow");
    }

    @Test
    void renderingDoesNotShareNodesWithTheModel() {
        Entity e = TestEntities.allTypes();
        ObjectNode out = render(e, RenderOptions.of(Format.SIMPLIFIED));
        ((ObjectNode) out.get("dimensions")).put("length", 99);
        JsonNode stored = e.attribute(d("dimensions")).get(0).value();
        assertThat(stored.get("length").asDouble()).isEqualTo(4.5);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
