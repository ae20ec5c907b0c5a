package org.civicbroker.common.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.regex.Pattern;
import jakarta.ws.rs.core.Response;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.ProblemMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requests whose path lacks the identifier of the resource they address, answered before routing
 * (which would report 404 or 405 for a path that names no resource):
 * <ul>
 *   <li>an empty path segment ({@code /entities//attrs/speed}): the identifier is not present, 400
 *       BadRequestData (clauses 5.6.x.4, 5.7.1.4: "If the Entity ID is not present ... BadRequestData");</li>
 *   <li>{@code PATCH} or {@code PUT /entities/}: Merge or Replace Entity without the entity id, 400 as well
 *       (clauses 5.6.17.4, 5.6.18.4);</li>
 *   <li>{@code DELETE} or {@code PUT /entities/{id}/attrs/}: the attributes resource, which has only POST
 *       (append) and PATCH (update), so 405; the attribute name goes after {@code attrs/}.</li>
 * </ul>
 * A trailing slash is not an empty segment.
 */
public class MissingIdentifiers {

    static final String API = "/ngsi-ld/v1/";
    private static final Pattern ENTITIES = Pattern.compile("/ngsi-ld/v1/entities/?");
    private static final Pattern ATTRIBUTES = Pattern.compile("/ngsi-ld/v1/entities/[^/]+/attrs/?");

    /** Reads the raw path: the path JAX-RS routes on has {@code //} normalised away. */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> reject(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith(API)) {
            return Optional.empty();
        }
        HttpMethod method = request.method();
        if (hasEmptySegment(path)) {
            return Optional.of(ProblemMapper.problem(ErrorType.BAD_REQUEST_DATA,
                    "The request path has an empty segment: an identifier or attribute name is missing"));
        }
        if ((HttpMethod.PATCH.equals(method) || HttpMethod.PUT.equals(method)) && ENTITIES.matcher(path).matches()) {
            return Optional.of(ProblemMapper.problem(ErrorType.BAD_REQUEST_DATA,
                    "The entity id is missing from the path: " + method + " /entities/{entityId}"));
        }
        if ((HttpMethod.DELETE.equals(method) || HttpMethod.PUT.equals(method)) && ATTRIBUTES.matcher(path).matches()) {
            return Optional.of(ProblemMapper.problem(ErrorType.METHOD_NOT_ALLOWED,
                    method + " needs an attribute name: /entities/{entityId}/attrs/{attrId}"));
        }
        return Optional.empty();
    }

    /** True for {@code //} anywhere in the path. */
    static boolean hasEmptySegment(String path) {
        return path.contains("//");
    }
}
