package org.civicbroker.common.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request body over {@code quarkus.http.limits.max-body-size} with 413 ProblemDetails.
 * Quarkus's own limit handler (route order -2) and Quarkus REST's body reader answer such requests with
 * an empty 413, before JAX-RS and its exception mappers see them; this handler runs just before them.
 * A declared Content-Length is checked up front; a chunked body (no Content-Length) is buffered here
 * up to the limit (Quarkus REST then reads the buffered body), and a Vert.x failure 413 is rendered.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus's upload-limit handler (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    static final int ORDER = -3;

    private final Optional<MemorySize> max;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.max = max;
    }

    void install(@Observes Router router) {
        max.ifPresent(size -> {
            long limit = size.asLongValue();
            BodyHandler chunked = BodyHandler.create(false).setBodyLimit(limit);
            router.route().order(ORDER).handler(ctx -> check(ctx, limit, chunked));
            router.route().order(ORDER).failureHandler(ctx -> {
                if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                    tooLarge(ctx, "The request body is larger than the " + limit + " bytes the broker accepts");
                } else {
                    ctx.next();
                }
            });
        });
    }

    private static void check(RoutingContext ctx, long limit, BodyHandler chunked) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared < 0 && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            chunked.handle(ctx);
            return;
        }
        if (declared <= limit) {
            ctx.next();
            return;
        }
        tooLarge(ctx, "The request body (" + declared + " bytes) is larger than the " + limit + " bytes the broker accepts");
    }

    private static void tooLarge(RoutingContext ctx, String detail) {
        String body = ProblemMapper.body(ErrorType.PAYLOAD_TOO_LARGE, detail).toString();
        // The body is not read: close the connection after answering, as Quarkus's own handler does.
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
