package org.civicbroker.common.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import jakarta.ws.rs.core.Response;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An empty path segment in the API ({@code /entities//attrs}, {@code /subscriptions//}) is an
 * identifier that is not present: 400 BadRequestData (clauses 5.6.x.4, 5.7.1.4: "If the Entity ID is not
 * present ... BadRequestData"), answered before routing, which would otherwise report 404 or 405 for a
 * path that names no resource. A trailing slash is not an empty segment: {@code /entities/{id}/attrs/}
 * is the attributes resource, where DELETE and PUT are 405.
 */
public class EmptySegments {

    static final String API = "/ngsi-ld/v1/";

    /** Reads the raw path: the path JAX-RS routes on has {@code //} normalised away. */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> reject(HttpServerRequest request) {
        String path = request.path();
        if (path != null && path.startsWith(API) && hasEmptySegment(path)) {
            return Optional.of(ProblemMapper.problem(ErrorType.BAD_REQUEST_DATA,
                    "The request path has an empty segment: an identifier or attribute name is missing"));
        }
        return Optional.empty();
    }

    /** True for {@code //} anywhere in the path. */
    static boolean hasEmptySegment(String path) {
        return path.contains("//");
    }
}
