package org.civicbroker.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rate limiting per client (docs/security.md): with {@code civic.rate-limit.per-minute} above 0, a client
 * that sends more requests than that in a minute gets 429 ProblemDetails with {@code Retry-After}. The
 * client is the token's subject once {@link SecurityFilter} has run (it runs first), else the remote
 * address (callers without a token, or security off). Behind a reverse proxy every anonymous caller has
 * the proxy's address: limit there, or only authenticated callers are told apart.
 */
public class RateLimitFilter {

    private final RateLimiter limiter;
    private final CurrentCaller current;

    public RateLimitFilter(@ConfigProperty(name = "civic.rate-limit.per-minute", defaultValue = "0") int perMinute,
            CurrentCaller current) {
        this.limiter = perMinute > 0 ? new RateLimiter(perMinute, System::nanoTime) : null;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Optional<Response> limit(HttpServerRequest request) {
        if (limiter == null) {
            return Optional.empty();
        }
        String subject = current.get().subject();
        String client = subject != null ? "sub:" + subject
                : "addr:" + (request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress());
        long retryAfter = limiter.acquire(client);
        if (retryAfter == 0) {
            return Optional.empty();
        }
        return Optional.of(Response.fromResponse(ProblemMapper.problem(ErrorType.TOO_MANY_REQUESTS,
                "More requests than this broker accepts per client and minute; retry after " + retryAfter + " s"))
                .header("Retry-After", retryAfter).build());
    }
}
