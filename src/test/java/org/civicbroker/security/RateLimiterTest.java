package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aMinutesAllowancePassesThenRequestsWaitForTheirShare() {
        RateLimiter l = new RateLimiter(60, now::get);
        for (int i = 0; i < 60; i++) {
            assertThat(l.acquire("a")).as("request " + i).isZero();
        }
        assertThat(l.acquire("a")).isEqualTo(1);  // one request per second comes back
        now.addAndGet(1_000_000_000L);
        assertThat(l.acquire("a")).isZero();
        assertThat(l.acquire("a")).isEqualTo(1);
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        RateLimiter l = new RateLimiter(2, now::get);
        assertThat(l.acquire("a")).isZero();
        assertThat(l.acquire("a")).isZero();
        assertThat(l.acquire("a")).isEqualTo(30);
        assertThat(l.acquire("b")).isZero();
    }

    @Test
    void aBucketRefillsToItsCapacityOnly() {
        RateLimiter l = new RateLimiter(3, now::get);
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(l.acquire("a")).isZero();
        }
        assertThat(l.acquire("a")).isPositive();
    }
}
