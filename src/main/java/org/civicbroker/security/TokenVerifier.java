package org.civicbroker.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies bearer tokens (RFC 6750, JWT RFC 7519) with SmallRye JWT: signature against the configured
 * keys (a JWKS URL, fetched and refreshed by SmallRye, or a PEM/JWKS file), expiry, issuer and audience.
 * A verified token is remembered until it expires (at most {@link #CACHE_FOR}), so a client that sends
 * the same token with every request pays for one signature check, not one per request. Failures are not
 * remembered: a bad token costs its sender a verification each time, never another client.
 */
public class TokenVerifier {

    /** A verified token: who, what it grants, and when it stops being valid (epoch seconds). */
    public record Verified(String subject, TenantRoles roles, long expiresAt) {
    }

    /** A token that failed verification; the message is safe to show to the client. */
    public static class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    static final int CACHE_SIZE = 10_000;
    /** Tolerated clock difference with the identity provider (expiry and not-before), seconds. */
    static final int CLOCK_SKEW_SECONDS = 30;

    /** The verification keys could not be found (discovery failed); not the client's fault: 503. */
    public static class KeysUnavailable extends Exception {
        KeysUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** How long a failed discovery is remembered before the next request tries again. */
    static final Duration RETRY_DISCOVERY_AFTER = Duration.ofSeconds(10);

    private final SecurityConfig config;
    private volatile DefaultJWTParser parser;
    private volatile String discoveryFailure;
    private volatile long discoveryRetryAt;
    private final String rolesClaim;
    private final Clock clock;
    private final Cache<String, Verified> cache;

    public TokenVerifier(SecurityConfig config, Clock clock) {
        if (config.keyLocation().isEmpty() && config.issuer().isEmpty()) {
            throw new IllegalStateException("security is on without CIVIC_SECURITY_ISSUER or CIVIC_SECURITY_KEY_LOCATION");
        }
        this.config = config;
        this.parser = config.keyLocation().map(this::parserFor).orElse(null);
        this.rolesClaim = config.rolesClaim();
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).expireAfter(new Expiry<String, Verified>() {
            @Override
            public long expireAfterCreate(String key, Verified v, long now) {
                long untilExpiry = Math.max(0, v.expiresAt() - clock.instant().getEpochSecond());
                return Math.min(Duration.ofSeconds(untilExpiry).toNanos(), CACHE_FOR.toNanos());
            }

            @Override
            public long expireAfterUpdate(String key, Verified v, long now, long current) {
                return current;
            }

            @Override
            public long expireAfterRead(String key, Verified v, long now, long current) {
                return current;
            }
        }).build();
    }

    private DefaultJWTParser parserFor(String keyLocation) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyLocation(keyLocation);
        info.setIssuedBy(config.issuer().orElse(null));
        config.audience().ifPresent(a -> info.setExpectedAudience(Set.of(a)));
        info.setExpGracePeriodSecs(CLOCK_SKEW_SECONDS);
        // roles come from our own claim path; a token without a subject is still a caller (client credentials)
        info.setRequireNamedPrincipal(false);
        return new DefaultJWTParser(info);
    }

    /**
     * The parser; with only an issuer configured, the first call discovers the keys (OpenID Connect
     * Discovery, blocking: callers are on worker threads). A failed discovery is retried by a request
     * {@link #RETRY_DISCOVERY_AFTER} later at the earliest, so an unreachable identity provider is not asked
     * once per request.
     */
    private DefaultJWTParser parser() throws KeysUnavailable {
        DefaultJWTParser p = parser;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (parser != null) {
                return parser;
            }
            long now = clock.millis();
            if (discoveryFailure != null && now < discoveryRetryAt) {
                throw new KeysUnavailable(discoveryFailure);
            }
            String issuer = config.issuer().orElseThrow();
            try {
                String jwks = OidcDiscovery.jwksUri(issuer);
                LOG.infof("Security: keys of issuer %s are at %s (OpenID Connect Discovery)", issuer, jwks);
                parser = parserFor(jwks);
                discoveryFailure = null;
                return parser;
            } catch (OidcDiscovery.Failed e) {
                LOG.errorf("Security: cannot discover the keys of issuer %s: %s; tokens cannot be verified until "
                        + "it answers (retried on a request after %d s)", issuer, e.getMessage(),
                        RETRY_DISCOVERY_AFTER.toSeconds());
                discoveryFailure = "The identity provider's keys cannot be retrieved";
                discoveryRetryAt = now + RETRY_DISCOVERY_AFTER.toMillis();
                throw new KeysUnavailable(discoveryFailure);
            }
        }
    }

    /** The remembered verification of this token, or null (never verified, expired, or evicted). */
    public Verified cached(String token) {
        Verified v = cache.getIfPresent(token);
        return v != null && v.expiresAt() > clock.instant().getEpochSecond() ? v : null;
    }

    /**
     * Verifies the token. May block on the first use of a JWKS URL (and on its refreshes): call it off the
     * event loop.
     */
    public Verified verify(String token) throws InvalidToken, KeysUnavailable {
        Verified known = cached(token);
        if (known != null) {
            return known;
        }
        DefaultJWTParser p = parser();
        JsonWebToken jwt;
        try {
            jwt = p.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken(reason(e));
        }
        String subject = jwt.getSubject() != null ? jwt.getSubject() : text(jwt.getClaim("client_id"));
        TenantRoles roles = TenantRoles.of(ClaimPath.entries(rolesClaim, jwt.getClaim(ClaimPath.first(rolesClaim))));
        long exp = jwt.getExpirationTime();
        Verified v = new Verified(subject, roles, exp);
        cache.put(token, v);
        return v;
    }

    /** Why verification failed, in words a client can act on, without the verifier's internals. */
    private static String reason(ParseException e) {
        String all = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
        if (all.contains("expired") || all.contains("Expiration") || all.contains("no longer valid")) {
            return "The token has expired";
        }
        if (all.contains("Issuer") || all.contains("iss ")) {
            return "The token's issuer is not the one this broker trusts";
        }
        if (all.contains("Audience") || all.contains("aud ")) {
            return "The token is not meant for this broker (audience)";
        }
        if (all.contains("signature") || all.contains("Signature")) {
            return "The token's signature does not verify";
        }
        return "The token cannot be verified";
    }

    private static String text(Object claim) {
        return claim == null ? null : claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
    }

    long cacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
