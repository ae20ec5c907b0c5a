package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.registration.Mode;
import org.junit.jupiter.api.Test;

/** Merging one entity's views from this broker and context sources by registration mode (clause 4.3.6). */
class EntityMergeTest {

    static final String NO2 = "https://example.org/no2";
    static final String PM10 = "https://example.org/pm10";

    static Entity entity(String type, Object... attrs) {
        Map<String, List<Attribute>> m = new LinkedHashMap<>();
        for (int i = 0; i < attrs.length; i += 2) {
            Attribute a = new Attribute(AttributeType.PROPERTY, IntNode.valueOf((Integer) attrs[i + 1]), null,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds((Integer) attrs[i + 1]), null, null, null, null, Map.of());
            m.put((String) attrs[i], List.of(a));
        }
        return new Entity("urn:ngsi-ld:AirQualityObserved:1", List.of(type), List.of(), null, null, m);
    }

    static int value(Entity e, String iri) {
        return e.attribute(iri).get(0).value().intValue();
    }

    @Test
    void inclusiveAddsAttributesAndKeepsTheLaterObservationOfTheSameInstance() {
        Entity merged = EntityMerge.merge(entity("T", NO2, 10), List.of(new EntityMerge.Part(entity("T", NO2, 20, PM10, 5), Mode.INCLUSIVE)));
        assertThat(value(merged, NO2)).isEqualTo(20);
        assertThat(value(merged, PM10)).isEqualTo(5);
    }

    @Test
    void proxiedSourcesOwnTheirAttributes() {
        Entity merged = EntityMerge.merge(entity("T", NO2, 50), List.of(new EntityMerge.Part(entity("T", NO2, 20), Mode.EXCLUSIVE)));
        assertThat(value(merged, NO2)).isEqualTo(20);
    }

    @Test
    void auxiliarySourcesOnlyFillGaps() {
        Entity merged = EntityMerge.merge(entity("T", NO2, 10), List.of(new EntityMerge.Part(entity("U", NO2, 99, PM10, 7), Mode.AUXILIARY)));
        assertThat(value(merged, NO2)).isEqualTo(10);
        assertThat(value(merged, PM10)).isEqualTo(7);
        assertThat(merged.types()).containsExactly("T", "U");
    }

    @Test
    void noHolderNoEntity() {
        assertThat(EntityMerge.merge(null, List.of())).isNull();
        assertThat(EntityMerge.merge(null, List.of(new EntityMerge.Part(entity("T", NO2, 1), Mode.REDIRECT)))).isNotNull();
    }
}
