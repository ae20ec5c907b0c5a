package org.civicbroker.entitymap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.model.DateTimes;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.tenancy.Tenant;

/**
 * EntityMaps (clauses 5.14.1-5.14.4, 6.32, 6.34): {@code GET} and {@code POST /entityMaps} create a map of the
 * entities a query would consider (201, the map and its location in {@code NGSILD-EntityMap}), and
 * {@code /entityMaps/{id}} retrieves it, updates its {@code expiresAt} or deletes it.
 */
@Path(EntityMaps.PATH)
@Consumes(MediaType.WILDCARD)
public class EntityMapResource {

    private final EntityMaps maps;
    private final QueryEndpoint queries;
    private final RequestReader reader;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public EntityMapResource(EntityMaps maps, QueryEndpoint queries, RequestReader reader) {
        this.maps = maps;
        this.queries = queries;
        this.reader = reader;
    }

    /** Create EntityMap for Query Entities (clause 6.34.3.1): the parameters of Query Entities. */
    @GET
    public Uni<Response> createFromParameters() {
        return queries.createMap(request.query(), headers).map(this::created);
    }

    /** Create EntityMap for Query Entities via POST (clause 6.34.3.2): a Query body. */
    @POST
    public Uni<Response> createFromBody(byte[] body) {
        return queries.createMapFromBody(body, request.query(), headers).map(this::created);
    }

    @GET
    @Path("{id}")
    public Response retrieve(@PathParam("id") String id) {
        EntityMap m = maps.require(tenant(), id);
        return Response.ok(render(m), MediaTypes.JSON).build();
    }

    /** Update EntityMap (clause 5.14.2): expiresAt; output-only members are ignored. */
    @PATCH
    @Path("{id}")
    public Response update(@PathParam("id") String id, byte[] body) {
        JsonNode fragment = reader.read(headers, body, false).json();
        if (!fragment.isObject()) {
            throw NgsiException.badData("An EntityMap fragment must be a JSON object");
        }
        Instant at = null;
        JsonNode e = fragment.get("expiresAt");
        if (e != null) {
            at = e.isTextual() ? DateTimes.tryParse(e.textValue()) : null;
            if (at == null) {
                throw NgsiException.badData("expiresAt must be a DateTime");
            }
        }
        maps.update(tenant(), id, at);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        maps.delete(tenant(), id);
        return Response.noContent().build();
    }

    private Response created(EntityMap m) {
        return Response.status(201).type(MediaTypes.JSON).entity(render(m)).header(EntityMaps.HEADER, m.location()).build();
    }

    private String tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER)).name();
    }

    /** The EntityMap data type (clause 5.2.39). */
    public static ObjectNode render(EntityMap m) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", m.id());
        out.put("type", "EntityMap");
        out.put("expiresAt", DateTimes.format(m.expiresAt()));
        ObjectNode entities = out.putObject("entityMap");
        m.entities().forEach((id, holders) -> {
            ArrayNode a = entities.putArray(id);
            holders.forEach(a::add);
        });
        ObjectNode linked = out.putObject("linkedMaps");
        m.linkedMaps().forEach(linked::put);
        return out;
    }
}
