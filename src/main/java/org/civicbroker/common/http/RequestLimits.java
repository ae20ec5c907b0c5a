package org.civicbroker.common.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every error is a ProblemDetails (issue 19), also the limits checked before the resources: a request
 * line longer than {@code civic.http.max-request-line} answers 414 and headers larger than
 * {@code civic.http.max-header-size} answer 431. Vert.x rejects such requests itself, before any route,
 * with an empty body, so its transport limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size} in application.properties) are set well above these and the broker's own
 * limits are checked here.
 *
 * <p>Not covered: a request beyond the transport limits, and a request line Vert.x cannot parse (an
 * invalid percent-encoding in the path, {@code /entities/%zz}), still get Vert.x's empty 400/414/431:
 * Vert.x answers them from its invalid-request handler, which Quarkus does not let an application set.
 */
@ApplicationScoped
public class RequestLimits {

    /** Before the body limit ({@link BodyLimit#ORDER}) and Quarkus's own handlers. */
    static final int ORDER = BodyLimit.ORDER - 1;

    private final int maxRequestLine;
    private final int maxHeaderSize;

    public RequestLimits(@ConfigProperty(name = "civic.http.max-request-line", defaultValue = "4096") int maxRequestLine,
            @ConfigProperty(name = "civic.http.max-header-size", defaultValue = "20480") int maxHeaderSize) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderSize = maxHeaderSize;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        // "GET /path?query HTTP/1.1"
        int line = r.method().name().length() + 1 + r.uri().length() + 1 + 8;
        if (line > maxRequestLine) {
            answer(ctx, ErrorType.URI_TOO_LONG, "The request line (" + line + " bytes) is longer than the " + maxRequestLine
                    + " bytes the broker accepts");
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> h : r.headers()) {
            headers += h.getKey().length() + 2 + h.getValue().length() + 2;  // "name: value\r\n"
        }
        if (headers > maxHeaderSize) {
            answer(ctx, ErrorType.HEADERS_TOO_LARGE, "The request headers (" + headers + " bytes) are larger than the "
                    + maxHeaderSize + " bytes the broker accepts");
            return;
        }
        ctx.next();
    }

    private static void answer(RoutingContext ctx, ErrorType type, String detail) {
        ctx.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ProblemMapper.body(type, detail).toString());
    }
}
