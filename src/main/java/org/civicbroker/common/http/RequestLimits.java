package org.civicbroker.common.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
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
 * <p>A malformed request target answers a 400 InvalidRequest ProblemDetails as well (an invalid
 * percent-encoding such as {@code /entities/%zz} or {@code ?type=%zz}, a character a URI may not hold, a
 * target that is not an absolute path). Quarkus checks every request target with {@code java.net.URI}
 * before the router and answers an empty 400; {@link BrokerMain} turns that check off (the system
 * property {@code vertx.disableURIValidation}, which Quarkus reads) and the same check is made here, at
 * the head of the router, answering a body. A failure handler at the same place answers the requests the
 * router fails itself before any route runs (a path it cannot normalise, a path without a leading slash).
 *
 * <p>Not covered: requests Netty's decoder rejects before Quarkus sees them (an unparseable request line,
 * a header line without a colon, a request beyond the transport limits) still get Vert.x's empty
 * 400/414/431 or a closed connection. Vert.x answers them from the HTTP server's invalid-request handler,
 * which Quarkus 3.34 sets neither itself nor lets an application set (it creates the server and listens
 * at once; {@code HttpServerOptionsCustomizer} sees only the options).
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
        // the router fails these itself before any route runs (a path it cannot normalise: 400; one without
        // a leading slash: 404), and Quarkus's failure handler would answer them with an empty body
        router.route().order(ORDER).failureHandler(ctx -> {
            // (matching a route with a path throws for such a path: the failure is that exception)
            String invalid = ctx.response().headWritten() ? null : invalidTarget(ctx.request().uri());
            if (invalid != null) {
                answer(ctx, ErrorType.INVALID_REQUEST, invalid);
            } else {
                ctx.next();
            }
        });
    }

    /**
     * Why the request target is not one the broker can serve (not a URI, RFC 3986; or not an absolute
     * path), or null when it is.
     */
    static String invalidTarget(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "The request has no target";
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            return "The request target is not a valid URI (RFC 3986): " + e.getReason() + " at character " + (e.getIndex() + 1);
        }
        if (!uri.startsWith("/") && !uri.equals("*") && !uri.startsWith("http://") && !uri.startsWith("https://")) {
            return "The request target must be an absolute path starting with /";
        }
        return null;
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        String invalid = invalidTarget(r.uri());
        if (invalid != null) {
            answer(ctx, ErrorType.INVALID_REQUEST, invalid);
            return;
        }
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
