package org.civicbroker.security;

import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.civicbroker.tenancy.Tenant;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place where requests are authenticated and authorized (docs/security.md). For every API request
 * it classifies the operation ({@link EndpointPolicy}), reads the bearer token (RFC 6750), verifies it
 * ({@link TokenVerifier}, remembered per token), finds the caller's role in the addressed tenant and either
 * answers 401/403 (ProblemDetails) or records the {@link Caller} for the services. Without a token, entity
 * reads go through narrowed to the tenant's open types; everything else is 401 with a
 * {@code WWW-Authenticate} challenge. With security off it does nothing.
 */
public class SecurityFilter {

    static final String REALM = "civic-broker";

    @Inject
    SecurityMode mode;

    @Inject
    OpenTypes openTypes;

    @Inject
    CurrentCaller current;

    @Inject
    Vertx vertx;

    @ServerRequestFilter
    public Uni<Response> authorize(HttpServerRequest request) {
        if (!mode.enabled()) {
            return Uni.createFrom().nullItem();
        }
        Access access = EndpointPolicy.classify(request.method().name(), request.path());
        if (access == Access.PUBLIC) {
            return Uni.createFrom().nullItem();
        }
        Tenant tenant = Tenant.fromHeader(request.getHeader(Tenant.HEADER));
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return anonymous(access, tenant);
        }
        String token = bearer(authorization);
        if (token == null) {
            return Uni.createFrom().item(challenge("invalid_request", "Use an 'Authorization: Bearer <token>' header"));
        }
        TokenVerifier verifier = mode.verifier();
        TokenVerifier.Verified known = verifier.cached(token);
        if (known != null) {
            return Uni.createFrom().item(decide(known, access, tenant, current));
        }
        // the first verification of a token may fetch the identity provider's keys: on a worker thread
        // (Vert.x's executeBlocking comes back to the request's context to go on)
        CurrentCaller holder = ClientProxy.unwrap(current);
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return decide(verifier.verify(token), access, tenant, holder);
            } catch (TokenVerifier.InvalidToken e) {
                return challenge("invalid_token", e.getMessage());
            } catch (TokenVerifier.KeysUnavailable e) {
                return ProblemMapper.problem(ErrorType.IDENTITY_PROVIDER_UNAVAILABLE, e.getMessage());
            }
        }), false);
    }

    private Uni<Response> anonymous(Access access, Tenant tenant) {
        boolean open = access == Access.DATA_READ || (access == Access.TEMPORAL_READ && mode.anonymousTemporal());
        if (!open) {
            return Uni.createFrom().item(challenge(null, access == Access.TEMPORAL_READ
                    ? "Temporal reads need a bearer token" : "This operation needs a bearer token"));
        }
        return openTypes.of(tenant).map(types -> {
            current.set(Caller.anonymous(types));
            return null;
        });
    }

    /** Null (go on) when the caller's role in the tenant allows the operation; 403 otherwise. */
    private static Response decide(TokenVerifier.Verified token, Access access, Tenant tenant, CurrentCaller current) {
        Role role = token.roles().in(tenant);
        current.set(Caller.authenticated(token.subject(), role));  // the audit line names the subject either way
        if (role == null) {
            // 403 whether or not the tenant exists: this is decided before the store is asked, so the answer
            // does not reveal which tenants exist (docs/security.md)
            return forbidden("The caller has no role in tenant " + name(tenant));
        }
        if (!role.allows(access.needs())) {
            return forbidden("This operation needs the " + access.needs().name().toLowerCase(Locale.ROOT)
                    + " role in tenant " + name(tenant) + "; the caller is " + role.name().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    /** The token of an {@code Authorization: Bearer} header (scheme case-insensitive, RFC 6750 clause 2.1). */
    static String bearer(String authorization) {
        String h = authorization.trim();
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** 401 with the RFC 6750 clause 3 challenge; {@code error} null when no credentials were sent. */
    static Response challenge(String error, String detail) {
        StringBuilder c = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
        if (error != null) {
            c.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(detail.replace('"', '\'')).append('"');
        }
        return Response.fromResponse(ProblemMapper.problem(ErrorType.UNAUTHORIZED, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, c.toString()).build();
    }

    static Response forbidden(String detail) {
        return Response.fromResponse(ProblemMapper.problem(ErrorType.FORBIDDEN, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"")
                .build();
    }

    private static String name(Tenant tenant) {
        return tenant.isDefault() ? "(default)" : "'" + tenant.name() + "'";
    }
}
