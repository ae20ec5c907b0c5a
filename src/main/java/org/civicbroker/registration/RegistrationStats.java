package org.civicbroker.registration;

import java.time.Instant;

/**
 * The read-only status members of a registration (Table 5.2.9-2), updated by every distributed operation
 * sent to its source, and the cooldown (clause 5.2.34): after a failure the source is not contacted again
 * until the cooldown has passed. Kept in memory: they describe this broker process's recent experience.
 */
public final class RegistrationStats {

    private long timesSent;
    private long timesFailed;
    private Instant lastSuccess;
    private Instant lastFailure;
    private boolean failed;

    public synchronized void sent(Instant at) {
        timesSent++;
        lastSuccess = at;
        failed = false;
    }

    public synchronized void failed(Instant at) {
        timesSent++;
        timesFailed++;
        lastFailure = at;
        failed = true;
    }

    /** Whether the source is cooling down after a failure at this instant. */
    public synchronized boolean coolingDown(Instant now, long cooldownMillis) {
        return failed && cooldownMillis > 0 && lastFailure != null && lastFailure.plusMillis(cooldownMillis).isAfter(now);
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(timesSent, timesFailed, lastSuccess, lastFailure, failed);
    }

    public record Snapshot(long timesSent, long timesFailed, Instant lastSuccess, Instant lastFailure, boolean failed) {
    }
}
