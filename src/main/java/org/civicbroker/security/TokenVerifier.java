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

    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    static final int CACHE_SIZE = 10_000;
    /** Tolerated clock difference with the identity provider (expiry and not-before), seconds. */
    static final int CLOCK_SKEW_SECONDS = 30;

    private final DefaultJWTParser parser;
    private final String rolesClaim;
    private final Clock clock;
    private final Cache<String, Verified> cache;

    public TokenVerifier(SecurityConfig config, Clock clock) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyLocation(config.keyLocation().orElseThrow(() -> new IllegalStateException(
                "civic.security.enabled=true needs civic.security.key-location (CIVIC_SECURITY_KEY_LOCATION): "
                        + "the identity provider's JWKS URL or a public key file")));
        info.setIssuedBy(config.issuer().orElse(null));
        config.audience().ifPresent(a -> info.setExpectedAudience(Set.of(a)));
        info.setExpGracePeriodSecs(CLOCK_SKEW_SECONDS);
        // roles come from our own claim path; a token without a subject is still a caller (client credentials)
        info.setRequireNamedPrincipal(false);
        this.parser = new DefaultJWTParser(info);
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

    /** The remembered verification of this token, or null (never verified, expired, or evicted). */
    public Verified cached(String token) {
        Verified v = cache.getIfPresent(token);
        return v != null && v.expiresAt() > clock.instant().getEpochSecond() ? v : null;
    }

    /**
     * Verifies the token. May block on the first use of a JWKS URL (and on its refreshes): call it off the
     * event loop.
     */
    public Verified verify(String token) throws InvalidToken {
        Verified known = cached(token);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
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
