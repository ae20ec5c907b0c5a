package org.civicbroker.subscription;

import java.time.Instant;
import org.bson.Document;

/**
 * Delivery statistics of one subscription (clause 5.2.14: timesSent, timesFailed, lastNotification,
 * lastSuccess, lastFailure), kept in memory and written to the store in batches (dirty flag).
 */
public final class SubscriptionStats {

    private long timesSent;
    private long timesFailed;
    private Instant lastNotification;
    private Instant lastSuccess;
    private Instant lastFailure;
    private Instant lastFired;
    private boolean dirty;

    public static SubscriptionStats of(Document d) {
        SubscriptionStats s = new SubscriptionStats();
        if (d != null) {
            s.timesSent = number(d, "timesSent");
            s.timesFailed = number(d, "timesFailed");
            s.lastNotification = instant(d, "lastNotification");
            s.lastSuccess = instant(d, "lastSuccess");
            s.lastFailure = instant(d, "lastFailure");
            s.lastFired = s.lastNotification;
        }
        return s;
    }

    /**
     * Throttling (clause 5.2.12): true, and remembered, when at least {@code seconds} passed since the
     * last notification the subscription produced.
     */
    public synchronized boolean tryFire(Instant now, double seconds) {
        if (seconds > 0 && lastFired != null && now.isBefore(lastFired.plusMillis((long) (seconds * 1000)))) {
            return false;
        }
        lastFired = now;
        return true;
    }

    public synchronized void sent(Instant at) {
        timesSent++;
        lastNotification = at;
        lastSuccess = at;
        dirty = true;
    }

    public synchronized void failed(Instant at) {
        timesFailed++;
        lastNotification = at;
        lastFailure = at;
        dirty = true;
    }

    /** The stored fields, and clears the dirty flag; null when nothing changed. */
    public synchronized Document takeDirty() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return toDocument();
    }

    public synchronized Document toDocument() {
        Document d = new Document("timesSent", timesSent).append("timesFailed", timesFailed);
        put(d, "lastNotification", lastNotification);
        put(d, "lastSuccess", lastSuccess);
        put(d, "lastFailure", lastFailure);
        return d;
    }

    /** active, or failed when the last attempt failed (clause 5.2.14 status). */
    public synchronized boolean lastFailed() {
        return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
    }

    private static void put(Document d, String k, Instant v) {
        d.append(k, v == null ? null : java.util.Date.from(v));
    }

    private static long number(Document d, String k) {
        Number n = d.get(k, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static Instant instant(Document d, String k) {
        java.util.Date v = d.getDate(k);
        return v == null ? null : v.toInstant();
    }
}
