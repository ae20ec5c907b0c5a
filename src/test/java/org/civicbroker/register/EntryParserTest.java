package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.RequestReader;
import org.junit.jupiter.api.Test;
import org.threeten.extra.PeriodDuration;

class EntryParserTest {

    private static JsonNode json(String fixture) {
        return RequestReader.parse(RegisterSupport.fixture(fixture).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void parsesEveryMemberAndExpandsNames() {
        DatasetEntry e = EntryParser.parse(json("damp-mould.json"), n -> "urn:x:" + n, true);
        assertThat(e.typeIri()).isEqualTo("urn:x:DampMouldReading");
        assertThat(e.personalData()).isEqualTo(PersonalData.PERSONAL);
        assertThat(e.open()).isFalse();
        assertThat(e.retention().history()).isEqualTo(PeriodDuration.parse("P1Y"));
        assertThat(e.handling("urn:x:address")).isEqualTo(Handling.PSEUDONYMISE);
        assertThat(e.handling("urn:x:occupancy")).isEqualTo(Handling.KEEP_OUT_OF_HISTORY);
        assertThat(e.handling("urn:x:relativeHumidity")).isEqualTo(Handling.KEEP);
        assertThat(e.personal("urn:x:relativeHumidity")).as("the whole dataset is personal").isTrue();
        DatasetEntry air = EntryParser.parse(json("air-quality.json"), n -> n, true);
        assertThat(air.personal("NO2")).isFalse();
        assertThat(air.open()).isTrue();
    }

    @Test
    void pseudonymisationNeedsTheKey() {
        assertThatThrownBy(() -> EntryParser.parse(json("damp-mould.json"), n -> n, false))
                .isInstanceOf(NgsiException.class)
                .hasMessageContaining("attributes.address.handling: pseudonymise needs the key setting");
    }

    @Test
    void durationsMustBePositive() {
        ObjectNode j = (ObjectNode) json("air-quality.json");
        ((ObjectNode) j.get("retention")).put("history", "-P1D");
        assertThatThrownBy(() -> EntryParser.parse(j, n -> n, true)).hasMessageContaining("retention.history: must be a positive duration");
        ((ObjectNode) j.get("retention")).put("history", "P0D");
        assertThatThrownBy(() -> EntryParser.parse(j, n -> n, true)).hasMessageContaining("retention.history: must be a positive duration");
    }

    @Test
    void cutoffCountsCalendarYears() {
        assertThat(Retention.cutoff(PeriodDuration.parse("P1Y"), Instant.parse("2028-02-29T12:00:00Z")))
                .isEqualTo(Instant.parse("2027-02-28T12:00:00Z"));
        assertThat(Retention.cutoff(PeriodDuration.parse("PT36H"), Instant.parse("2026-01-03T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
    }
}
