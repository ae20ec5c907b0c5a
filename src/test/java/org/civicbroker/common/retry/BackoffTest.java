package org.civicbroker.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void startsAtTwoHundredMillisecondsAndDoublesUpToTheMaximum() {
        Duration max = Duration.ofSeconds(30);
        assertThat(Backoff.after(1, max)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.after(2, max)).isEqualTo(Duration.ofMillis(400));
        assertThat(Backoff.after(8, max)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(Backoff.after(9, max)).isEqualTo(max);
        assertThat(Backoff.after(1_000, max)).as("no overflow").isEqualTo(max);
        assertThat(Backoff.after(0, max)).as("as the first").isEqualTo(Duration.ofMillis(200));
    }
}
