package org.civicbroker.security;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Secure response headers on every answer (docs/security.md, "Browsers"): no MIME sniffing, no framing, no
 * referrer; the transparency page (HTML) also gets a Content-Security-Policy that allows only its own inline
 * styles and images.
 *
 * <p>A route without a path, first of all: Quarkus's {@code quarkus.http.header} settings install a route
 * with a path, and matching a path normalises it, which fails for a malformed request target before
 * {@code RequestLimits} can answer it with a ProblemDetails.
 */
@ApplicationScoped
public class SecureHeaders {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.request().path();
            ctx.addHeadersEndHandler(v -> {
                MultiMap h = ctx.response().headers();
                h.set("X-Content-Type-Options", "nosniff");
                h.set("X-Frame-Options", "DENY");
                h.set("Referrer-Policy", "no-referrer");
                if (path != null && (path.equals("/transparency") || path.startsWith("/transparency/"))) {
                    h.set("Content-Security-Policy", CSP);
                }
            });
            ctx.next();
        });
    }
}
