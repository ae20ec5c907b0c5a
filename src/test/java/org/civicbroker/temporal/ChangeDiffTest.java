package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");

    private static Attribute attr(int v, String dataset, Instant modified) {
        return new Attribute(AttributeType.PROPERTY, IntNode.valueOf(v), dataset, null, null, null, T0, modified, Map.of());
    }

    private static Entity entity(Map<String, List<Attribute>> attrs) {
        return new Entity("urn:ngsi-ld:X:1", List.of("urn:T"), List.of(), T0, T1, attrs);
    }

    private static ChangeConsumer.Entry entry(long seq, Entity before, Entity after) {
        return new ChangeConsumer.Entry(seq, new EntityChange(null, after == null ? EntityChange.Operation.DELETE
                : EntityChange.Operation.UPDATE, "urn:ngsi-ld:X:1", before, after, T1));
    }

    @Test
    void onlyWrittenInstancesAndDeletionsAreRecorded() {
        Entity before = entity(Map.of("urn:a", List.of(attr(1, null, T0), attr(2, "urn:d", T0)), "urn:b", List.of(attr(3, null, T0))));
        Entity after = entity(Map.of("urn:a", List.of(attr(5, null, T1), attr(2, "urn:d", T0)), "urn:c", List.of(attr(4, null, T1))));
        List<TemporalWriter.Placed> out = ChangeDiff.instances(entry(42, before, after));
        assertThat(out).extracting(TemporalWriter.Placed::attribute).containsExactlyInAnyOrder("urn:a", "urn:c", "urn:b");
        TemporalWriter.Placed deletion = out.stream().filter(p -> p.attribute().equals("urn:b")).findFirst().orElseThrow();
        assertThat(deletion.instance().deletedAt()).isEqualTo(T1);
        assertThat(NgsiNull.isDeletion(deletion.instance().attribute())).isTrue();
        TemporalWriter.Placed changed = out.stream().filter(p -> p.attribute().equals("urn:a")).findFirst().orElseThrow();
        assertThat(changed.instance().attribute().value().intValue()).isEqualTo(5);
        assertThat(changed.instance().attribute().createdAt()).isEqualTo(T1);
    }

    @Test
    void instanceIdsAreStableAcrossRedeliveryAndDifferPerChange() {
        Entity after = entity(Map.of("urn:a", List.of(attr(1, null, T1))));
        List<String> first = ChangeDiff.instances(entry(7, null, after)).stream().map(p -> p.instance().instanceId()).toList();
        List<String> again = ChangeDiff.instances(entry(7, null, after)).stream().map(p -> p.instance().instanceId()).toList();
        List<String> other = ChangeDiff.instances(entry(8, null, after)).stream().map(p -> p.instance().instanceId()).toList();
        assertThat(first).isEqualTo(again).hasSize(1);
        assertThat(other).doesNotContainAnyElementsOf(first);
    }

    @Test
    void entityDeletionRecordsADeletionPerInstance() {
        Entity before = entity(Map.of("urn:a", List.of(attr(1, null, T0), attr(2, "urn:d", T0))));
        List<TemporalWriter.Placed> out = ChangeDiff.instances(entry(9, before, null));
        assertThat(out).hasSize(2).allMatch(p -> p.instance().deleted());
        assertThat(out).extracting(p -> p.instance().attribute().datasetId()).containsExactlyInAnyOrder(null, "urn:d");
    }
}
