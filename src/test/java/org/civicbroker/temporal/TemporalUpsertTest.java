package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;

/**
 * The upsert rules of temporal provision: an observation sent again at the same observedAt replaces the
 * stored one (docs/temporal.md "Upsert at the same timestamp"), and the live entity takes the latest posted
 * instances unless its own are newer ("One entity, two views").
 */
class TemporalUpsertTest {

    private static final Instant T = Instant.parse("2020-09-01T12:03:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Attribute value(int v, Instant observedAt) {
        return new Attribute(AttributeType.PROPERTY, IntNode.valueOf(v), null, observedAt, null, null, NOW, NOW, Map.of());
    }

    private static TemporalInstance instance(String id, int v, Instant observedAt) {
        return new TemporalInstance(id, value(v, observedAt), null);
    }

    @Test
    void anObservationAtTheSameTimeReplacesTheStoredOne() {
        List<TemporalInstance> stored = List.of(instance("i1", 120, T), instance("i2", 80, T.plusSeconds(120)));
        List<TemporalInstance> next = TemporalBatch.appended(stored, List.of(instance("i3", 121, T)));
        assertThat(next).extracting(TemporalInstance::instanceId).containsExactlyInAnyOrder("i2", "i3");
        assertThat(next).filteredOn(i -> i.instanceId().equals("i3")).extracting(i -> i.attribute().value().intValue())
                .containsExactly(121);
    }

    @Test
    void otherTimesDeletionsAndUnobservedInstancesAreAdded() {
        TemporalInstance deletion = new TemporalInstance("d1", ChangeDiff.deletion("d1", value(1, null), T).attribute(), T);
        List<TemporalInstance> stored = List.of(instance("i1", 120, T), deletion);
        List<TemporalInstance> next = TemporalBatch.appended(stored,
                List.of(instance("i2", 1, T.plusSeconds(1)), instance("i3", 2, null)));
        assertThat(next).extracting(TemporalInstance::instanceId).containsExactly("i1", "d1", "i2", "i3");
    }

    @Test
    void theSameInstanceDeliveredTwiceChangesNothing() {
        List<TemporalInstance> stored = List.of(instance("i1", 120, T));
        assertThat(TemporalBatch.appended(stored, List.of(instance("i1", 120, T)))).isSameAs(stored);
    }

    private static Entity live(Attribute speed) {
        return new Entity("urn:ngsi-ld:Vehicle:1", List.of("https://ex.org/Vehicle"), List.of(), NOW, NOW,
                Map.of("https://ex.org/speed", List.of(speed)));
    }

    @Test
    void theLiveEntityTakesTheLatestPostedInstance() {
        Entity merged = LiveEntities.merged(live(value(1, T)), null, null,
                Map.of("https://ex.org/speed", List.of(value(2, T.plusSeconds(60)))), NOW.plusSeconds(1));
        assertThat(merged.attribute("https://ex.org/speed")).extracting(a -> a.value().intValue()).containsExactly(2);
        assertThat(merged.modifiedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void aBackfilledHistoryDoesNotOverwriteANewerLiveValue() {
        Entity stored = live(value(1, T));
        assertThat(LiveEntities.merged(stored, null, null,
                Map.of("https://ex.org/speed", List.of(value(2, T.minusSeconds(60)))), NOW.plusSeconds(1))).isNull();
    }

    @Test
    void newAttributesTypesAndScopeAreAdded() {
        Entity merged = LiveEntities.merged(live(value(1, T)), List.of("https://ex.org/Car"), List.of("/London"),
                Map.of("https://ex.org/fuel", List.of(value(7, T))), NOW.plusSeconds(1));
        assertThat(merged.types()).containsExactly("https://ex.org/Vehicle", "https://ex.org/Car");
        assertThat(merged.scopes()).containsExactly("/London");
        assertThat(merged.attributes()).containsKeys("https://ex.org/speed", "https://ex.org/fuel");
    }
}
