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
    void updateOnlyTouchesExistingInstances() {
        EntityMerges.Outcome o = EntityMerges.update(stored(), Map.of(T, List.of(prop(30, "urn:ds:b")), H, List.of(prop(1))), T1);
        assertThat(o.updated()).containsExactly(T);
        assertThat(o.notUpdated()).containsOnlyKeys(H);
        assertThat(o.entity().attribute(T)).extracting(a -> a.value().intValue()).containsExactly(20, 30);
        assertThat(o.entity().attribute(H)).isEmpty();
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
        Entity e = EntityMerges.patchAttribute(stored(), T, observed, T1);
        Attribute t = e.attribute(T).get(0);
        assertThat(t.value().intValue()).isEqualTo(20);
        assertThat(t.observedAt()).isEqualTo(T1);
        assertThat(t.unitCode()).isEqualTo("CEL");
        assertThat(t.subAttributes()).containsKey(ACC);
        assertThat(EntityMerges.patchAttribute(stored(), H, observed, T1)).isNull();
        AttributePatch delete = new AttributePatch(AttributeType.PROPERTY, false, TextNode.valueOf(NgsiNull.URN), "urn:ds:b",
                null, null, null, Map.of());
        assertThat(EntityMerges.patchAttribute(stored(), T, delete, T1).attribute(T)).hasSize(1);
    }

    @Test
    void deleteAttributeByDatasetOrAll() {
        assertThat(EntityMerges.deleteAttribute(stored(), T, null, false, T1).attribute(T))
                .extracting(Attribute::datasetId).containsExactly("urn:ds:b");
        assertThat(EntityMerges.deleteAttribute(stored(), T, "urn:ds:b", false, T1).attribute(T)).hasSize(1);
        assertThat(EntityMerges.deleteAttribute(stored(), T, null, true, T1).attributes()).doesNotContainKey(T);
        assertThat(EntityMerges.deleteAttribute(stored(), T, "urn:ds:none", false, T1)).isNull();
        assertThat(EntityMerges.deleteAttribute(stored(), H, null, false, T1)).isNull();
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
