package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;

class PeriodsTest {

    @Test
    void monthsAddFromThePreviousStartInTheOffsetOfTimeAt() {
        OffsetDateTime start = OffsetDateTime.parse("2026-01-31T00:00:00+02:00");
        Periods p = Periods.of(start, Instant.parse("2026-05-01T00:00:00Z"), Periods.parseDuration("P1M"));
        assertThat(p.start(1)).isEqualTo(Instant.parse("2026-02-27T22:00:00Z"));
        assertThat(p.start(2)).isEqualTo(Instant.parse("2026-03-27T22:00:00Z"));
        assertThat(p.indexOf(Instant.parse("2026-02-27T21:59:59Z"))).isEqualTo(0);
        assertThat(p.indexOf(Instant.parse("2026-02-27T22:00:00Z"))).isEqualTo(1);
        assertThat(p.indexOf(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(-1);
    }

    @Test
    void zeroDurationIsOnePeriodOverTheRange() {
        Periods p = Periods.of(OffsetDateTime.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"),
                Periods.parseDuration("PT0S"));
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.end(0)).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(p.indexOf(Instant.parse("2026-01-03T00:00:00Z"))).isEqualTo(-1);
    }

    @Test
    void combinedDurationsAndWeeks() {
        Periods p = Periods.of(OffsetDateTime.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"),
                Periods.parseDuration("P1MT12H"));
        assertThat(p.start(1)).isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(Periods.parseDuration("P2W").getPeriod().getDays()).isEqualTo(14);
    }

    @Test
    void badDurationsAreRefused() {
        assertThatThrownBy(() -> Periods.parseDuration("1D")).isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> Periods.parseDuration("P-1D")).isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> Periods.of(OffsetDateTime.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                Periods.parseDuration("PT1S"))).isInstanceOf(NgsiException.class);
    }
}
