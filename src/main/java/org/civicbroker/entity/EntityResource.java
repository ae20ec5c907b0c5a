package org.civicbroker.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.batch.PurgeEndpoint;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.Locations;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryString;
import io.vertx.core.http.HttpServerRequest;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.common.http.RequestReader.Body;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.model.Fragment;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.query.ResultRenderer;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.tenancy.Tenant;

/** Entity provision and retrieval of one entity (clauses 5.6, 5.7.1; OpenAPI paths /entities...). */
@Path("/ngsi-ld/v1/entities")
@Consumes(MediaType.WILDCARD)
public class EntityResource {

    static final Set<String> LOCAL = Requests.LOCAL;
    static final Set<String> RETRIEVE_PARAMS = Set.of("attrs", "pick", "omit", "options", "format", "lang",
            "geometryProperty", "local", "datasetId", "join", "joinLevel", "containedBy", "type");

    private final EntityService service;
    private final QueryEndpoint queries;
    private final RequestReader reader;
    private final ResultRenderer results;
    private final EntityParser parser = new EntityParser(GeoJson::parse);

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    @Inject
    PurgeEndpoint purge;

    @Inject
    CurrentCaller caller;

    @Inject
    jakarta.enterprise.inject.Instance<org.civicbroker.query.RemoteEntities> remote;

    /** The query parameters, split at '&' only (see {@link QueryString}). */
    private MultivaluedMap<String, String> params() {
        return QueryString.parse(request.query());
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        return Requests.params(request, allowed);
    }

    public EntityResource(EntityService service, RequestReader reader, QueryEndpoint queries, ResultRenderer results) {
        this.service = service;
        this.results = results;
        this.queries = queries;
        this.reader = reader;
    }

    /** Create entity (clause 5.6.1): 201 with Location. */
    @POST
    public Uni<Response> create(byte[] body) {
        return distribute("createEntity", null, null, body, b -> createHere(b));
    }

    private Uni<Response> createHere(byte[] body) {
        params(Requests.LOCAL_ONLY);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        Entity entity = parser.parseEntity(b.json(), b.context());
        return service.create(tenant, entity).map(e -> Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, Locations.of("/ngsi-ld/v1/entities/", e.id())).build());
    }

    /** Query entities (clause 5.7.2): see {@link QueryEndpoint}. */
    @GET
    public Uni<Response> query() {
        return queries.get(request.path(), request.query(), headers);
    }

    /** Purge entities (V1.9.1 clause 5.6.21): see {@link PurgeEndpoint}. */
    @DELETE
    public Uni<Response> purge() {
        return distribute("purgeEntity", null, null, null, b -> purge.purge(params(), headers));
    }

    /**
     * Retrieve entity (clause 5.7.1), with its linked entities when {@code join} asks (clause 4.5.23).
     * 404 when the entity has none of the attributes {@code attrs} or {@code pick} name (clause 5.7.1.4).
     */
    @GET
    @Path("{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> params = params(RETRIEVE_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), true);
        LdContext ctx = reader.context(headers);
        Views.View view = Views.of(params, ctx, rep, headers.getHeaderString("Prefer"));
        UnaryOperator<Entity> datasets = Views.datasets(params.getFirst("datasetId"));
        String geometryIri = Views.geometryProperty(params, ctx);
        // an entity of a type the caller may not see is not found (docs/security.md: 404, not 403, so that
        // its existence does not leak)
        org.civicbroker.query.lang.TypeQuery type = caller.get().narrow(Requests.type(params, ctx));
        Uni<Found> found;
        if (org.civicbroker.common.http.QueryParams.bool("local", params.getFirst("local")) || !remote.isResolvable()) {
            found = service.retrieve(tenant, id, type).map(e -> new Found(e, java.util.List.of()));
        } else {
            // clause 4.3.6: matching registrations are asked too, unless local=true (clause 5.5.13)
            found = remote.get().retrieve(tenant, id, type, view.projection().neededAttributes().orElse(Set.of()),
                    request.path(), request.query(), headers, ctx).chain(answer -> answer == null
                            ? service.retrieve(tenant, id, type).map(e -> new Found(e, java.util.List.of()))
                            : distributed(tenant, id, type, answer).map(e -> new Found(e, answer.warnings())));
        }
        return found.chain(f -> {
            Entity e = datasets.apply(f.entity());
            if (view.projection().namesAttributes() && !view.projection().selects(e.attributes().keySet())) {
                throw NgsiException.notFound("Entity " + id + " has none of the attributes asked for");
            }
            return results.one(tenant, e, view, rep, ctx, geometryIri).map(body -> {
                Response ok = Views.ok(body, rep, ctx, view.render().embedContext());
                if (f.warnings().isEmpty()) {
                    return ok;
                }
                // clause 6.3.17: the sources that failed are named, the answer holds what the others gave
                Response.ResponseBuilder b = Response.fromResponse(ok);
                f.warnings().forEach(w -> b.header(org.civicbroker.query.QueryEndpoint.WARNING_HEADER, w));
                return b.build();
            });
        });
    }

    /** A retrieved entity and the NGSILD-Warning values of the sources that failed (clause 6.3.17). */
    private record Found(Entity entity, java.util.List<String> warnings) {
    }

    /** The local entity (if any) merged with the sources' views of it; 404 when none holds it. */
    private Uni<Entity> distributed(Tenant tenant, String id, org.civicbroker.query.lang.TypeQuery type,
            org.civicbroker.query.RemoteEntities.Answer answer) {
        return service.retrieve(tenant, id, type)
                .onFailure(e -> e instanceof NgsiException n && n.type() == org.civicbroker.common.error.ErrorType.RESOURCE_NOT_FOUND)
                .recoverWithNull()
                .map(local -> {
                    java.util.List<Entity> merged = answer.merge(local == null ? java.util.List.of() : java.util.List.of(local));
                    if (merged.isEmpty()) {
                        throw NgsiException.notFound("Entity " + id + " not found"
                                + (answer.warnings().isEmpty() ? "" : " (sources failed: " + String.join("; ", answer.warnings()) + ")"));
                    }
                    return merged.get(0);
                });
    }

    /** Delete entity (clause 5.6.6). */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return distribute("deleteEntity", id, null, null, b -> deleteHere(id));
    }

    private Uni<Response> deleteHere(@PathParam("id") String id) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        return service.delete(tenant(), id, Requests.type(params, reader.context(headers)))
                .map(v -> Response.noContent().build());
    }

    /** Replace entity (clause 5.6.18). */
    @PUT
    @Path("{id}")
    public Uni<Response> replace(@PathParam("id") String id, byte[] body) {
        return distribute("replaceEntity", id, null, body, b -> replaceHere(id, b));
    }

    private Uni<Response> replaceHere(@PathParam("id") String id, byte[] body) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        Entity replacement = parser.parseEntity(withId(b.json(), id), b.context());
        return service.update(tenant, id, Requests.type(params, b.context()), Operation.REPLACE,
                stored -> new EntityService.Change<>(EntityMerges.replace(stored, replacement, EntityService.now()), null))
                .map(v -> Response.noContent().build());
    }

    /** Merge entity (clause 5.6.17): JSON merge-patch semantics with urn:ngsi-ld:null deletions. */
    @PATCH
    @Path("{id}")
    public Uni<Response> merge(@PathParam("id") String id, byte[] body) {
        return distribute("mergeEntity", id, null, body, b -> mergeHere(id, b));
    }

    private Uni<Response> mergeHere(@PathParam("id") String id, byte[] body) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, true);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.MERGE_PATCH, id);
        return service.update(tenant, id, Requests.type(params, b.context()), Operation.MERGE,
                stored -> new EntityService.Change<>(EntityMerges.merge(stored, f, EntityService.now()), null))
                .map(v -> Response.noContent().build());
    }

    /** Replace entity: the body's id, when given, must be the path's (clause 5.6.18). */
    private static JsonNode withId(JsonNode body, String id) {
        if (!body.isObject()) {
            throw NgsiException.badData("The request body must be a JSON object");
        }
        JsonNode given = body.get("id");
        if (given != null && !(given.isTextual() && given.textValue().equals(id))) {
            throw NgsiException.badData("The entity id in the body differs from the id in the path");
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.put("id", id);
        return copy;
    }


    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<org.civicbroker.entity.RemoteWrites> remoteWrites;

    /** Runs the write here and/or at the matching context sources (clause 4.3.6; see {@link RemoteWrites}). */
    private Uni<Response> distribute(String operation, String id, String attribute, byte[] body,
            java.util.function.Function<byte[], Uni<Response>> here) {
        if (remoteWrites == null || !remoteWrites.isResolvable()) {
            return here.apply(body);
        }
        return remoteWrites.get().run(new org.civicbroker.entity.RemoteWrites.Write(operation, request.method().name(),
                request.path(), request.query(), body, headers, tenant(), id, attribute), here);
    }
    private Tenant tenant() {
        return Requests.tenant(headers);
    }

    private static void checkId(String id) {
        Requests.checkId(id);
    }

}
