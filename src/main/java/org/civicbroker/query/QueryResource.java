package org.civicbroker.query;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;

/** POST /entityOperations/query (clause 5.7.2 / 6.23): query entities with a Query body. */
@Path("/ngsi-ld/v1/entityOperations/query")
@Consumes(MediaType.WILDCARD)
public class QueryResource {

    private final QueryEndpoint endpoint;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public QueryResource(QueryEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @POST
    public Uni<Response> query(byte[] body) {
        return endpoint.post(body, request.query(), headers);
    }
}
