package org.civicbroker.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Requests per client per minute, as token buckets (docs/security.md, "Rate limiting"): each client holds up
 * to {@code perMinute} requests and regains them evenly over a minute, so a burst of a minute's allowance
 * passes and a steady overload is refused. Buckets of clients that stopped calling are forgotten after
 * ten minutes (a forgotten bucket is full again, which it would be by then anyway). Pure code but for the
 * cache; the time source is given.
 */
public final class RateLimiter {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public RateLimiter(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from the client's bucket.
     *
     * @return 0 when the request may go on; otherwise the seconds after which the next one will (Retry-After)
     */
    public long acquire(String client) {
        Bucket b = buckets.get(client, k -> new Bucket(perMinute, nanoTime.getAsLong()));
        synchronized (b) {
            long now = nanoTime.getAsLong();
            double regained = (now - b.at) * (double) perMinute / MINUTE_NANOS;
            b.tokens = Math.min(perMinute, b.tokens + regained);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double wait = (1 - b.tokens) * MINUTE_NANOS / perMinute / 1e9;
            return Math.max(1, (long) Math.ceil(wait));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
