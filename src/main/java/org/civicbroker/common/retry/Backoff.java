package org.civicbroker.common.retry;

import java.time.Duration;

/**
 * The back-off of the background loops that wait for the store to come back (a change consumer's failed
 * batch, a queue reading its entries from the journal or the outbox): 0.2 s after the first failure,
 * doubling, at most {@code max}. Pure code, one place for the rule.
 */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public static Duration after(int failures, Duration max) {
        long millis = 100L << Math.min(Math.max(failures, 1), 12);
        return Duration.ofMillis(Math.min(max.toMillis(), millis));
    }
}
