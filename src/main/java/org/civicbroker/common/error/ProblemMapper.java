package org.civicbroker.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into ProblemDetails (RFC 7807, clause 5.5.1) with an ETSI error type. Unknown
 * failures are 500 InternalError and logged; their details are not echoed to the client.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    public static Response problem(ErrorType type, String detail) {
        return Response.status(type.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body(type, detail)).build();
    }

    /** The ProblemDetails body, for handlers that answer outside JAX-RS (e.g. Vert.x route handlers). */
    public static ObjectNode body(ErrorType type, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type.uri());
        body.put("title", type.title());
        body.put("status", type.status());
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    @ServerExceptionMapper
    public Response ngsi(NgsiException e) {
        if (e.type() == ErrorType.INTERNAL_ERROR) {
            LOG.error(e.getMessage(), e.getCause());
        }
        if (e.extensions().isEmpty()) {
            return problem(e.type(), e.getMessage());
        }
        ObjectNode body = body(e.type(), e.getMessage());
        e.extensions().forEach((name, value) -> {
            if (!body.has(name)) {
                body.set(name, value);
            }
        });
        return Response.status(e.type().status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(ErrorType.INVALID_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException) {
            return problem(ErrorType.RESOURCE_NOT_FOUND, "No such resource");
        }
        if (e instanceof NotAllowedException) {
            return problem(ErrorType.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
        }
        return switch (status) {
            case 406 -> problem(ErrorType.NOT_ACCEPTABLE, e.getMessage());
            case 413 -> problem(ErrorType.PAYLOAD_TOO_LARGE, "The request body is too large");
            case 415 -> problem(ErrorType.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
            default -> status >= 500 ? internal(e) : problem(ErrorType.INVALID_REQUEST, e.getMessage());
        };
    }

    @ServerExceptionMapper
    public Response other(Exception e) {
        return internal(e);
    }

    private static Response internal(Exception e) {
        LOG.error("Unexpected failure", e);
        return problem(ErrorType.INTERNAL_ERROR, "An internal error occurred");
    }
}
