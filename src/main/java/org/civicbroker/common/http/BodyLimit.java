package org.civicbroker.common.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request body over {@code civic.http.max-body-size} ({@code NGSILD_MAX_BODY_SIZE}) with 413
 * ProblemDetails. It runs before Quarkus's own limit handler (route order -2), whose limit
 * ({@code quarkus.http.limits.max-body-size}) is set far above it so that it only bounds the
 * {@link StreamedUpload}s, which this handler lets through unbounded (their bodies are streamed, not held).
 * A declared Content-Length is checked up front; a chunked body (no Content-Length) is buffered here
 * up to the limit (Quarkus REST then reads the buffered body), and a Vert.x failure 413 is rendered.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus's upload-limit handler (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2). */
    static final int ORDER = -3;

    private final Optional<MemorySize> max;
    private final List<StreamedUpload> streamed;

    public BodyLimit(@ConfigProperty(name = "civic.http.max-body-size") Optional<MemorySize> max,
            Instance<StreamedUpload> streamed) {
        this.max = max;
        this.streamed = streamed.stream().toList();
    }

    void install(@Observes Router router) {
        max.ifPresent(size -> {
            long limit = size.asLongValue();
            BodyHandler chunked = BodyHandler.create(false).setBodyLimit(limit);
            router.route().order(ORDER).handler(ctx -> {
                String method = ctx.request().method().name();
                String path = ctx.request().path();
                if (streamed.stream().anyMatch(s -> s.matches(method, path))) {
                    ctx.next();
                } else {
                    check(ctx, limit, chunked);
                }
            });
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
