package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.civicbroker.registration.Mode;
import org.junit.jupiter.api.Test;

/** Merging temporal representations from this broker and context sources (clauses 5.7.3.4, 5.7.4.4, 4.5.5). */
class TemporalMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode entity(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static ObjectNode normalized(String id, String... instances) throws Exception {
        StringBuilder b = new StringBuilder("{'id': '" + id + "', 'type': 'AirQualityObserved', 'no2': [");
        for (int i = 0; i < instances.length; i++) {
            String[] vt = instances[i].split("@");
            b.append(i == 0 ? "" : ",").append("{'type': 'Property', 'value': ").append(vt[0]).append(", 'observedAt': '")
                    .append(vt[1]).append("', 'instanceId': 'urn:ngsi-ld:instance:").append(id.hashCode()).append('-').append(i).append("'}");
        }
        return entity(b.append("]}").toString());
    }

    private static List<String> values(JsonNode e) {
        List<String> out = new ArrayList<>();
        e.path("no2").forEach(i -> out.add(i.path("value").asText() + "@" + i.path("observedAt").asText()));
        return out;
    }

    @Test
    void entitiesOfDifferentHoldersComeTogetherInIdOrder() throws Exception {
        List<ObjectNode> out = TemporalMerge.merge(List.of(normalized("urn:x:london", "1@T1")),
                List.of(new TemporalMerge.Part(normalized("urn:x:hackney", "2@T1"), Mode.INCLUSIVE),
                        new TemporalMerge.Part(normalized("urn:x:camden", "3@T1"), Mode.INCLUSIVE)), "observedAt", null);
        assertThat(out).extracting(e -> e.path("id").asText()).containsExactly("urn:x:camden", "urn:x:hackney", "urn:x:london");
    }

    @Test
    void inclusiveUnitesInstancesAndTheSameObservationAppearsOnce() throws Exception {
        List<ObjectNode> out = TemporalMerge.merge(List.of(normalized("urn:x:1", "1@T1", "2@T2")),
                List.of(new TemporalMerge.Part(normalized("urn:x:1", "2@T2", "3@T3"), Mode.INCLUSIVE)), "observedAt", null);
        assertThat(values(out.get(0))).containsExactly("1@T1", "2@T2", "3@T3");
    }

    @Test
    void lastNIsAppliedAgainAfterTheMerge() throws Exception {
        List<ObjectNode> out = TemporalMerge.merge(List.of(normalized("urn:x:1", "1@T1", "2@T2")),
                List.of(new TemporalMerge.Part(normalized("urn:x:1", "3@T3", "4@T4"), Mode.INCLUSIVE)), "observedAt", 2);
        assertThat(values(out.get(0))).containsExactly("3@T3", "4@T4");
    }

    @Test
    void exclusiveReplacesAndAuxiliaryOnlyFillsTimesNobodyHas() throws Exception {
        List<ObjectNode> exclusive = TemporalMerge.merge(List.of(normalized("urn:x:1", "1@T1")),
                List.of(new TemporalMerge.Part(normalized("urn:x:1", "9@T1"), Mode.EXCLUSIVE)), "observedAt", null);
        assertThat(values(exclusive.get(0))).containsExactly("9@T1");
        List<ObjectNode> auxiliary = TemporalMerge.merge(List.of(normalized("urn:x:1", "1@T1")),
                List.of(new TemporalMerge.Part(normalized("urn:x:1", "9@T1", "8@T2"), Mode.AUXILIARY)), "observedAt", null);
        assertThat(values(auxiliary.get(0))).containsExactly("1@T1", "8@T2");
    }

    @Test
    void temporalValuesOfTheSameDatasetAreUnitedInTimeOrder() throws Exception {
        ObjectNode local = entity("{'id': 'urn:x:1', 'type': 'T', 'no2': {'type': 'Property', 'values': [[1, 'T1'], [3, 'T3']]}}");
        ObjectNode remote = entity("{'id': 'urn:x:1', 'type': 'T', 'no2': {'type': 'Property', 'values': [[2, 'T2'], [3, 'T3']]},"
                + " 'pm10': {'type': 'Property', 'values': [[7, 'T1']]}}");
        ObjectNode out = TemporalMerge.merge(List.of(local), List.of(new TemporalMerge.Part(remote, Mode.INCLUSIVE)), "observedAt", null).get(0);
        assertThat(out.path("no2").path("values").toString()).isEqualTo("[[1,\"T1\"],[2,\"T2\"],[3,\"T3\"]]");
        assertThat(out.path("pm10").path("values").size()).isEqualTo(1);
    }

    @Test
    void typesAreUnited() throws Exception {
        ObjectNode out = TemporalMerge.merge(List.of(entity("{'id': 'urn:x:1', 'type': 'A'}")),
                List.of(new TemporalMerge.Part(entity("{'id': 'urn:x:1', 'type': ['A', 'B']}"), Mode.INCLUSIVE)), "observedAt", null).get(0);
        assertThat(out.path("type").toString()).isEqualTo("[\"A\",\"B\"]");
    }

    @Test
    void theForwardedQueryKeepsTheRepresentationAsAnOptionAndDropsLocal() {
        assertThat(DistributedTemporal.forwardedQuery("type=T&format=temporalValues&local=false&attrs=no2"))
                .isEqualTo("?type=T&attrs=no2&options=temporalValues");
        assertThat(DistributedTemporal.forwardedQuery("type=T&options=sysAttrs,simplified&limit=5&offset=10"))
                .isEqualTo("?type=T&limit=15&options=sysAttrs,temporalValues");
        // an aggregated query asks for the values: the merged values are aggregated here (clause 4.5.19)
        assertThat(DistributedTemporal.forwardedQuery("type=T&options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=PT1H"))
                .isEqualTo("?type=T&options=temporalValues");
    }
}
