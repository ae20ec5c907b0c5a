package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merged history of a distributed temporal answer (clauses 4.5.19, 6.3.10): aggregates computed over the
 * merged values, the window every cut party covers, and the merged answer cut to it.
 */
class MergedHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode entity(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static TemporalQuery query(String timerel, String timeAt, String endTimeAt, String lastN) {
        return TemporalQuery.parse(timerel, timeAt, endTimeAt, null, lastN);
    }

    @Test
    void aggregatesAreComputedOverTheMergedValuesPeriodByPeriod() throws Exception {
        ObjectNode e = entity("{\"id\": \"urn:x:1\", \"type\": \"T\", \"no2\": {\"type\": \"Property\", \"values\": ["
                + "[30, \"2026-11-02T00:30:00Z\"], [31, \"2026-11-02T01:00:00Z\"], [40, \"2026-11-02T02:00:00Z\"], [40, \"2026-11-03T01:00:00Z\"]]}}");
        Aggregator.Request r = new Aggregator.Request(Arrays.asList(AggrMethod.TOTAL_COUNT, AggrMethod.SUM, AggrMethod.AVG,
                AggrMethod.MIN, AggrMethod.MAX, AggrMethod.DISTINCT_COUNT), Periods.parseDuration("P1D"));
        ObjectNode out = MergedHistory.aggregate(List.of(e), query("after", "2026-11-02T00:00:00Z", null, null), r).get(0);
        var no2 = out.get("no2");
        assertThat(no2.path("type").asText()).isEqualTo("Property");
        assertThat(no2.has("values")).isFalse();
        // two periods of a day from timeAt
        assertThat(no2.path("totalCount")).hasSize(2);
        assertThat(no2.path("totalCount").path(0).path(0).asLong()).isEqualTo(3);
        assertThat(no2.path("sum").path(0).path(0).asDouble()).isEqualTo(101.0);
        assertThat(no2.path("avg").path(0).path(0).asDouble()).isEqualTo(101.0 / 3);
        assertThat(no2.path("min").path(0).path(0).asDouble()).isEqualTo(30.0);
        assertThat(no2.path("max").path(1).path(0).asDouble()).isEqualTo(40.0);
        assertThat(no2.path("distinctCount").path(0).path(0).asLong()).isEqualTo(3);
        assertThat(no2.path("sum").path(0).path(1).asText()).startsWith("2026-11-02T00:00:00");
        assertThat(no2.path("sum").path(1).path(1).asText()).startsWith("2026-11-03T00:00:00");
        // the input is not changed
        assertThat(e.get("no2").has("values")).isTrue();
    }

    @Test
    void aSourcesContentRangeIsRead() {
        InstancePages.Window w = MergedHistory.parseRange("date-time 2026-11-01T00:00:00Z-2026-11-02T01:00:00Z/*");
        assertThat(w.rangeStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(w.rangeEnd()).isEqualTo(Instant.parse("2026-11-02T01:00:00Z"));
        assertThat(w.size()).isNull();
        assertThat(MergedHistory.parseRange("date-time 2026-11-02T09:00:00.000Z-2026-11-02T01:00:00+01:00/3").size()).isEqualTo(3);
        assertThat(MergedHistory.parseRange("bytes 0-10/20")).isNull();
        assertThat(MergedHistory.parseRange(null)).isNull();
    }

    @Test
    void theMergedAnswerIsCompleteUpToTheEarliestRangeEnd() throws Exception {
        TemporalQuery q = query("after", "2026-11-01T00:00:00Z", null, null);
        InstancePages.Window a = new InstancePages.Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T05:00:00Z"), null);
        InstancePages.Window b = new InstancePages.Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T01:00:00Z"), null);
        assertThat(MergedHistory.combine(Arrays.asList(null, null), q)).isNull();
        InstancePages.Window w = MergedHistory.combine(Arrays.asList(null, a, b), q);
        assertThat(w.rangeEnd()).isEqualTo(Instant.parse("2026-11-02T01:00:00Z"));
        ObjectNode normalized = entity("{\"id\": \"urn:x:1\", \"no2\": [{\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-11-02T00:00:00Z\"},"
                + " {\"type\": \"Property\", \"value\": 2, \"observedAt\": \"2026-11-02T01:00:00Z\"},"
                + " {\"type\": \"Property\", \"value\": 3, \"observedAt\": \"2026-11-02T02:00:00Z\"}]}");
        ObjectNode values = entity("{\"id\": \"urn:x:2\", \"no2\": {\"type\": \"Property\", \"values\": [[1, \"2026-11-02T00:00:00Z\"],"
                + " [3, \"2026-11-02T02:00:00Z\"]]}}");
        MergedHistory.cut(List.of(normalized, values), w, q, "observedAt");
        assertThat(normalized.get("no2")).hasSize(2);
        assertThat(values.get("no2").get("values")).hasSize(1);
    }

    @Test
    void withLastNTheMergedAnswerGoesBackToTheLatestRangeEnd() throws Exception {
        TemporalQuery q = query(null, null, null, "5");
        InstancePages.Window a = new InstancePages.Window(Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T03:00:00Z"), 5);
        InstancePages.Window b = new InstancePages.Window(Instant.parse("2026-11-02T08:00:00Z"), Instant.parse("2026-11-02T06:00:00Z"), 5);
        InstancePages.Window w = MergedHistory.combine(List.of(a, b), q);
        assertThat(w.rangeStart()).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
        assertThat(w.rangeEnd()).isEqualTo(Instant.parse("2026-11-02T06:00:00Z"));
        assertThat(w.size()).isEqualTo(5);
        ObjectNode e = entity("{\"id\": \"urn:x:1\", \"no2\": [{\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-11-02T05:00:00Z\"},"
                + " {\"type\": \"Property\", \"value\": 2, \"observedAt\": \"2026-11-02T07:00:00Z\"}]}");
        MergedHistory.cut(List.of(e), w, q, "observedAt");
        assertThat(e.get("no2")).hasSize(1);
        assertThat(e.get("no2").get(0).path("value").asInt()).isEqualTo(2);
    }
}
