package org.civicbroker.jsonld;

import java.time.Duration;

/**
 * Limits for fetching and caching JSON-LD contexts.
 *
 * @param fetchTimeout whole-fetch deadline for one remote context (connect, headers and body)
 * @param maxSize largest remote context document accepted, in bytes
 * @param cacheSize how many fetched documents and how many processed contexts are kept (each)
 * @param hosts where contexts may be fetched from
 * @param credentials the Authorization header presented to a context server (docs/security.md, "Outgoing calls")
 */
public record JsonLdConfig(Duration fetchTimeout, int maxSize, int cacheSize, ContextHosts hosts,
        ContextCredentials credentials) {

    /** The {@code Authorization} header value for a fetch of this URL, or null for none. Called on a worker thread. */
    @FunctionalInterface
    public interface ContextCredentials {
        ContextCredentials NONE = url -> null;

        String authorization(java.net.URI url);
    }

    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_SIZE = 1024 * 1024;
    public static final int DEFAULT_CACHE_SIZE = 500;

    public JsonLdConfig(Duration fetchTimeout, int maxSize, int cacheSize) {
        this(fetchTimeout, maxSize, cacheSize, ContextHosts.PERMISSIVE);
    }

    public JsonLdConfig(Duration fetchTimeout, int maxSize, int cacheSize, ContextHosts hosts) {
        this(fetchTimeout, maxSize, cacheSize, hosts, ContextCredentials.NONE);
    }

    public JsonLdConfig {
        hosts = hosts == null ? ContextHosts.PERMISSIVE : hosts;
        credentials = credentials == null ? ContextCredentials.NONE : credentials;
        if (fetchTimeout == null || fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive");
        }
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive");
        }
        if (cacheSize <= 0) {
            throw new IllegalArgumentException("cacheSize must be positive");
        }
    }

    public static JsonLdConfig defaults() {
        return new JsonLdConfig(DEFAULT_FETCH_TIMEOUT, DEFAULT_MAX_SIZE, DEFAULT_CACHE_SIZE);
    }
}
