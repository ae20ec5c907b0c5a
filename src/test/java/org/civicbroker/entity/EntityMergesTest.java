package org.civicbroker.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributePatch;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.model.Fragment;
import org.civicbroker.model.NgsiNull;
import org.junit.jupiter.api.Test;

/** The update semantics on the model: which instances change, and the system timestamps (clause 4.8). */
class EntityMergesTest {

    private static final String T = "https://ex.org/temperature";
    private static final String H = "https://ex.org/humidity";
    private static final String ACC = "https://ex.org/accuracy";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    private static Attribute prop(int v) {
        return Attribute.of(AttributeType.PROPERTY, IntNode.valueOf(v));
    }

    private static Attribute prop(int v, String datasetId) {
        return new Attribute(AttributeType.PROPERTY, IntNode.valueOf(v), datasetId, null, null, null, null, null, Map.of());
    }

    private static Entity stored() {
        Attribute withSub = prop(20).withSubAttributes(Map.of(ACC, prop(1)));
        Entity e = new Entity("urn:x:1", List.of("https://ex.org/Room"), List.of(), null, null,
                Map.of(T, List.of(withSub, prop(21, "urn:ds:b"))));
        return EntityMerges.stampNew(e, T0);
    }

    @Test
    void newEntitiesGetCreatedAtEverywhere() {
        Entity e = stored();
        assertThat(e.createdAt()).isEqualTo(T0);
        assertThat(e.attribute(T).get(0).createdAt()).isEqualTo(T0);
        assertThat(e.attribute(T).get(0).subAttributes().get(ACC).modifiedAt()).isEqualTo(T0);
    }

    @Test
    void appendKeepsCreatedAtOfOverwrittenInstancesAndHonoursNoOverwrite() {
        Fragment f = new Fragment(List.of("https://ex.org/Sensor"), null, Map.of(T, List.of(prop(25)), H, List.of(prop(60))), Set.of());
        EntityMerges.Outcome o = EntityMerges.append(stored(), f, false, T1);
        assertThat(o.updated()).containsExactlyInAnyOrder(T, H);
        assertThat(o.entity().types()).containsExactly("https://ex.org/Room", "https://ex.org/Sensor");
        Attribute t = o.entity().attribute(T).get(0);
        assertThat(t.value().intValue()).isEqualTo(25);
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(t.modifiedAt()).isEqualTo(T1);
        assertThat(o.entity().attribute(H).get(0).createdAt()).isEqualTo(T1);

        EntityMerges.Outcome kept = EntityMerges.append(stored(), f, true, T1);
        assertThat(kept.notUpdated()).containsOnlyKeys(T);
        assertThat(kept.entity().attribute(T).get(0).value().intValue()).isEqualTo(20);
    }

    @Test
    void updateReplacesExistingInstancesAndAppendsNewOnes() {
        // clause 5.6.2.4 (V1.9.1): an instance that does not exist is appended
        Map<String, List<Attribute>> attrs = new java.util.LinkedHashMap<>();
        attrs.put(T, List.of(prop(30, "urn:ds:b")));
        attrs.put(H, List.of(prop(1)));
        EntityMerges.Outcome o = EntityMerges.update(stored(), new Fragment(List.of(), null, attrs, null), T1);
        assertThat(o.updated()).containsExactly(T, H);
        assertThat(o.notUpdated()).isEmpty();
        assertThat(o.entity().attribute(T)).extracting(a -> a.value().intValue()).containsExactly(20, 30);
        assertThat(o.entity().attribute(T).get(1).createdAt()).isEqualTo(T0);
        assertThat(o.entity().attribute(H)).extracting(a -> a.value().intValue()).containsExactly(1);
        assertThat(o.entity().attribute(H).get(0).createdAt()).isEqualTo(T1);
    }

    @Test
    void updateDeletesNullMarkedInstancesAndReportsMissingOnes() {
        Fragment f = new Fragment(List.of("https://ex.org/Sensor"), null, Map.of(),
                Set.of(new Fragment.Deletion(T, "urn:ds:b"), new Fragment.Deletion(H, null)));
        EntityMerges.Outcome o = EntityMerges.update(stored(), f, T1);
        assertThat(o.entity().attribute(T)).extracting(Attribute::datasetId).containsExactly((String) null);
        assertThat(o.updated()).containsExactly(T);
        assertThat(o.notUpdated()).containsOnlyKeys(H);
        assertThat(o.entity().types()).endsWith("https://ex.org/Sensor");
    }

    @Test
    void updateReplacesAScopeOnlyWhenTheEntityHasOne() {
        Fragment f = new Fragment(List.of(), List.of("/London/Camden"), Map.of(), null);
        Entity plain = stored();
        EntityMerges.Outcome none = EntityMerges.update(plain, f, T1);
        assertThat(none.notUpdated()).containsOnlyKeys("scope");
        assertThat(none.entity()).isSameAs(plain);
        Entity scoped = new Entity(stored().id(), stored().types(), List.of("/London"), T0, T0, stored().attributes());
        EntityMerges.Outcome replaced = EntityMerges.update(scoped, f, T1);
        assertThat(replaced.entity().scopes()).containsExactly("/London/Camden");
        assertThat(replaced.notUpdated()).isEmpty();
    }

    @Test
    void appendReplacesTheScopeOrAddsToItWithNoOverwrite() {
        Entity scoped = new Entity(stored().id(), stored().types(), List.of("/London"), T0, T0, stored().attributes());
        Fragment f = new Fragment(List.of(), List.of("/London/Camden"), Map.of(), null);
        assertThat(EntityMerges.append(scoped, f, false, T1).entity().scopes()).containsExactly("/London/Camden");
        assertThat(EntityMerges.append(scoped, f, true, T1).entity().scopes()).containsExactly("/London", "/London/Camden");
    }

    @Test
    void mergeMergesSubAttributesAndDeletesNullMarkedOnes() {
        Attribute patch = prop(22).withSubAttributes(Map.of(ACC, Attribute.of(AttributeType.PROPERTY, NgsiNull.NODE),
                H, prop(5)));
        Entity e = EntityMerges.merge(stored(), new Fragment(List.of(), null, Map.of(T, List.of(patch)),
                Set.of(new Fragment.Deletion(T, "urn:ds:b"))), T1);
        assertThat(e.attribute(T)).hasSize(1);
        Attribute t = e.attribute(T).get(0);
        assertThat(t.value().intValue()).isEqualTo(22);
        assertThat(t.subAttributes()).containsOnlyKeys(H);
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(e.modifiedAt()).isEqualTo(T1);
    }

    @Test
    void patchAttributeKeepsWhatIsNotGivenAndRejectsMissingInstances() {
        AttributePatch observed = new AttributePatch(null, false, null, null, T1, "CEL", null, Map.of());
        Entity e = AttributeMerges.patchAttribute(stored(), T, observed, T1);
        Attribute t = e.attribute(T).get(0);
        assertThat(t.value().intValue()).isEqualTo(20);
        assertThat(t.observedAt()).isEqualTo(T1);
        assertThat(t.unitCode()).isEqualTo("CEL");
        assertThat(t.subAttributes()).containsKey(ACC);
        assertThat(AttributeMerges.patchAttribute(stored(), H, observed, T1)).isNull();
        AttributePatch delete = new AttributePatch(AttributeType.PROPERTY, false, TextNode.valueOf(NgsiNull.URN), "urn:ds:b",
                null, null, null, Map.of());
        assertThat(AttributeMerges.patchAttribute(stored(), T, delete, T1).attribute(T)).hasSize(1);
    }

    @Test
    void deleteAttributeByDatasetOrAll() {
        assertThat(AttributeMerges.deleteAttribute(stored(), T, null, false, T1).attribute(T))
                .extracting(Attribute::datasetId).containsExactly("urn:ds:b");
        assertThat(AttributeMerges.deleteAttribute(stored(), T, "urn:ds:b", false, T1).attribute(T)).hasSize(1);
        assertThat(AttributeMerges.deleteAttribute(stored(), T, null, true, T1).attributes()).doesNotContainKey(T);
        assertThat(AttributeMerges.deleteAttribute(stored(), T, "urn:ds:none", false, T1)).isNull();
        assertThat(AttributeMerges.deleteAttribute(stored(), H, null, false, T1)).isNull();
    }

    @Test
    void deletingScopeRemovesTheEntityScope() {
        assertThat(AttributeMerges.deleteScope(stored(), T1)).isNull();
        Entity scoped = new Entity(stored().id(), stored().types(), List.of("/London"), T0, T0, stored().attributes());
        assertThat(AttributeMerges.deleteScope(scoped, T1).scopes()).isEmpty();
    }

    @Test
    void replaceKeepsOnlyTheEntityCreatedAt() {
        Entity replacement = new Entity("urn:x:1", List.of("https://ex.org/Room"), List.of(), null, null, Map.of(H, List.of(prop(1))));
        Entity e = EntityMerges.replace(stored(), replacement, T1);
        assertThat(e.createdAt()).isEqualTo(T0);
        assertThat(e.attributes()).containsOnlyKeys(H);
        assertThat(e.attribute(H).get(0).createdAt()).isEqualTo(T1);
    }
}
