package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.Locations;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.PageLinks;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.entity.Views;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Uris;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryRequests;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The temporal API (clauses 5.6.11-5.6.16, 5.7.3, 5.7.4; OpenAPI paths /temporal/...). */
@Path("/ngsi-ld/v1/temporal")
@Consumes(MediaType.WILDCARD)
public class TemporalResource {

    private static final Set<String> NONE = Set.of("local");
    private static final Set<String> DELETE_ATTR = Set.of("datasetId", "deleteAll", "local");

    private final TemporalService service;
    private final TemporalQueries queries;
    private final RequestReader reader;
    private final int maxInstances;
    private final QueryRequests.Limits limits;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    @Inject
    CurrentCaller caller;

    /** Temporal evolutions held by context sources (federation package), unless local=true. */
    @Inject
    jakarta.enterprise.inject.Instance<RemoteTemporal> remote;

    public TemporalResource(TemporalService service, TemporalQueries queries, RequestReader reader,
            @ConfigProperty(name = "civic.temporal.max-instances", defaultValue = "10") int maxInstances,
            @ConfigProperty(name = "civic.query.default-limit", defaultValue = "20") int defaultLimit,
            @ConfigProperty(name = "civic.query.max-limit", defaultValue = "1000") int maxLimit) {
        this.service = service;
        this.queries = queries;
        this.reader = reader;
        this.maxInstances = maxInstances;
        this.limits = new QueryRequests.Limits(defaultLimit, maxLimit);
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        return QueryParams.parse(request.query(), allowed);
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    /** Clause 5.6.11: 201 when created, 204 when instances were added to an existing temporal entity. */
    @POST
    @Path("entities")
    public Uni<Response> create(byte[] body) {
        params(NONE);
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        TemporalPayload p = TemporalPayload.entity(b.json(), b.context());
        return service.create(tenant, p).map(created -> created
                ? Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, Locations.of("/ngsi-ld/v1/temporal/entities/", p.id())).build()
                : Response.noContent().build());
    }

    /** Clause 5.7.4. */
    @GET
    @Path("entities")
    public Uni<Response> query() {
        MultivaluedMap<String, String> p = params(TemporalRequests.QUERY_PARAMS);
        Tenant tenant = tenant();
        Negotiation.Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        EntityQuery query = QueryRequests.fromParameters(p, ctx);
        TemporalQuery tq = TemporalRequests.temporal(p);
        if (TemporalMaps.asked(p, headers)) {
            // clauses 4.3.6.7, 6.18.3.2: the entities paged through are those of an EntityMap
            QueryRequests.paging(p, ctx, limits);
            TemporalRequests.request(p, tq, ctx, false, maxInstances);
            return TemporalMaps.query(mapContext(QueryParams.bool("local", p.getFirst("local"))), tenant, caller.get().narrow(query),
                    p, tq, ctx, rep, null, null, request.path(), request.query());
        }
        if (QueryParams.bool("local", p.getFirst("local")) || !remote.isResolvable()) {
            return run(tenant, query, p, tq, ctx, rep, request.path(), request.query());
        }
        // clause 5.7.4.4: registrations accepting queryTemporal are asked too (the caller's narrowing first);
        // a bad page or representation is refused before any source is asked
        QueryRequests.paging(p, ctx, limits);
        TemporalRequests.request(p, tq, ctx, false, maxInstances);
        EntityQuery narrowed = caller.get().narrow(query);
        return remote.get().query(tenant, narrowed, request.query(), headers, ctx).chain(answer -> answer == null
                ? run(tenant, query, p, tq, ctx, rep, request.path(), request.query())
                : TemporalFederation.query(queries, tenant, narrowed, p, tq, ctx, rep, limits, maxInstances, answer,
                        request.path(), request.query()));
    }

    /** Clause 5.7.4 with a Query body (POST /temporal/entityOperations/query, clause 6.24). */
    @POST
    @Path("entityOperations/query")
    public Uni<Response> postQuery(byte[] body) {
        MultivaluedMap<String, String> p = params(TemporalRequests.POST_QUERY_PARAMS);
        Tenant tenant = tenant();
        Negotiation.Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        RequestReader.Body b = reader.read(headers, body, false);
        EntityQuery query = QueryRequests.fromBody(b.json(), b.context(), QueryParams.bool("local", p.getFirst("local")));
        TemporalQuery tq = TemporalRequests.temporal(b.json().get("temporalQ"), p.getFirst("lastN"));
        MultivaluedMap<String, String> all = new jakarta.ws.rs.core.MultivaluedHashMap<>(p);
        JsonNode attrs = b.json().get("attrs");
        if (attrs != null && attrs.isArray() && !attrs.isEmpty()) {
            List<String> names = new java.util.ArrayList<>();
            attrs.forEach(a -> names.add(a.asText()));
            all.putSingle("attrs", String.join(",", names));
        }
        for (String member : List.of("pick", "omit", "lang", "datasetId")) {
            JsonNode v = b.json().get(member);
            if (v != null && v.isTextual()) {
                all.putSingle(member, v.textValue());
            }
        }
        if (TemporalMaps.asked(p, headers)) {
            // clauses 4.3.6.7, 6.24: the entities paged through are those of an EntityMap
            QueryRequests.paging(all, b.context(), limits);
            TemporalRequests.request(all, tq, b.context(), false, maxInstances);
            return TemporalMaps.query(mapContext(QueryParams.bool("local", p.getFirst("local"))), tenant, caller.get().narrow(query),
                    all, tq, b.context(), rep, body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), null, request.query());
        }
        // no page links: they cannot carry the body
        if (QueryParams.bool("local", p.getFirst("local")) || !remote.isResolvable()) {
            return run(tenant, query, all, tq, b.context(), rep, null, null);
        }
        // clause 5.7.4.4 (binding 6.24): registrations accepting queryTemporal get the same POST
        QueryRequests.paging(all, b.context(), limits);
        TemporalRequests.request(all, tq, b.context(), false, maxInstances);
        EntityQuery narrowed = caller.get().narrow(query);
        return remote.get().queryPost(tenant, narrowed, body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), request.query(),
                headers, b.context()).chain(answer -> answer == null
                        ? run(tenant, query, all, tq, b.context(), rep, null, null)
                        : TemporalFederation.query(queries, tenant, narrowed, all, tq, b.context(), rep, limits, maxInstances,
                                answer, null, null));
    }

    /** The EntityMaps of temporal queries (clause 5.14.5); maps live with those of /entityMaps. */
    @Inject
    org.civicbroker.entitymap.EntityMaps maps;

    private TemporalMaps.Context mapContext(boolean local) {
        return new TemporalMaps.Context(queries, maps, remote.isResolvable() ? remote.get() : null, limits, maxInstances,
                headers, local);
    }

    /**
     * Create EntityMap for Query Temporal Evolution of Entities (clauses 5.14.5, 6.35.3.1): the parameters of the
     * temporal query; 201 with the map, its location in NGSILD-EntityMap.
     */
    @GET
    @Path("entityMaps")
    public Uni<Response> createMap() {
        MultivaluedMap<String, String> p = params(TemporalRequests.QUERY_PARAMS);
        Tenant tenant = tenant();
        LdContext ctx = reader.context(headers);
        EntityQuery query = caller.get().narrow(QueryRequests.fromParameters(p, ctx));
        TemporalQuery tq = TemporalRequests.temporal(p);
        return TemporalMaps.create(mapContext(QueryParams.bool("local", p.getFirst("local"))), tenant, query, p, tq, ctx, null, null,
                request.query()).map(TemporalResource::mapCreated);
    }

    /** Create EntityMap for Query Temporal Evolution of Entities via POST (clause 6.35.3.2): a Query body. */
    @POST
    @Path("entityMaps")
    public Uni<Response> createMapFromBody(byte[] body) {
        MultivaluedMap<String, String> p = params(TemporalRequests.POST_QUERY_PARAMS);
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        boolean local = QueryParams.bool("local", p.getFirst("local")) || b.json().path("local").asBoolean(false);
        EntityQuery query = caller.get().narrow(QueryRequests.fromBody(b.json(), b.context(), local));
        TemporalQuery tq = TemporalRequests.temporal(b.json().get("temporalQ"), p.getFirst("lastN"));
        return TemporalMaps.create(mapContext(local), tenant, query, p, tq, b.context(), body,
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), request.query()).map(TemporalResource::mapCreated);
    }

    private static Response mapCreated(org.civicbroker.entitymap.EntityMap m) {
        return Response.status(201).type(org.civicbroker.common.http.MediaTypes.JSON)
                .entity(org.civicbroker.entitymap.EntityMapResource.render(m))
                .header(org.civicbroker.entitymap.EntityMaps.HEADER, m.location()).build();
    }

    /** @param path the request path and {@code rawQuery} its query string, for the page Link headers (null: none) */
    private Uni<Response> run(Tenant tenant, EntityQuery query, MultivaluedMap<String, String> p, TemporalQuery tq,
            LdContext ctx, Negotiation.Representation rep, String path, String rawQuery) {
        var paging = QueryRequests.paging(p, ctx, limits);
        query = caller.get().narrow(query);  // without a token: the open types only (docs/security.md)
        TemporalQueries.Request req = TemporalRequests.request(p, tq, ctx, rep == Negotiation.Representation.JSON_LD, maxInstances);
        return queries.query(tenant, query, paging.offset(), paging.limit(), paging.count(), paging.sort(), req).map(a -> {
            Response r = respond(a, rep, ctx);
            r = a.count() == null ? r : Response.fromResponse(r).header("NGSILD-Results-Count", a.count()).build();
            return PageLinks.add(r, path, rawQuery, new PageLinks.Page(paging.offset(), paging.limit(), a.more()));
        });
    }

    /** Clause 5.7.3. */
    @GET
    @Path("entities/{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> p = params(TemporalRequests.RETRIEVE_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Negotiation.Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        TemporalQuery tq = TemporalRequests.temporal(p);
        TemporalQueries.Request req = TemporalRequests.request(p, tq, ctx, rep == Negotiation.Representation.JSON_LD, maxInstances);
        if (QueryParams.bool("local", p.getFirst("local")) || !remote.isResolvable()) {
            return queries.retrieve(tenant, id, req, caller.get()).map(a -> respond(a, rep, ctx));
        }
        // clause 5.7.3.4: registrations accepting retrieveTemporal are asked too
        return remote.get().retrieve(tenant, id, req.attrs(), request.path(), request.query(), headers, ctx)
                .chain(answer -> answer == null
                        ? queries.retrieve(tenant, id, req, caller.get()).map(a -> respond(a, rep, ctx))
                        : TemporalFederation.retrieve(queries, tenant, id, req, caller.get(), rep, answer));
    }

    /** 200, or 206 with Content-Range when the instance limit cut the answer (clause 6.3.10, {@link InstancePages}). */
    static Response respond(TemporalQueries.Answer a, Negotiation.Representation rep, LdContext ctx) {
        Response ok = Views.ok(a.body(), rep, ctx);
        if (a.window() == null) {
            return ok;
        }
        return Response.fromResponse(ok).status(206).header("Content-Range", TemporalRequests.contentRange(a.window())).build();
    }

    /** Clause 5.6.16. */
    @DELETE
    @Path("entities/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        params(NONE);
        checkId(id);
        return service.delete(tenant(), id).map(x -> Response.noContent().build());
    }

    /** Clause 5.6.12. */
    @POST
    @Path("entities/{id}/attrs")
    public Uni<Response> append(@PathParam("id") String id, byte[] body) {
        params(NONE);
        checkId(id);
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        TemporalPayload p = TemporalPayload.fragment(b.json(), b.context(), id);
        return service.append(tenant, p).map(x -> Response.noContent().build());
    }

    /** Clause 5.6.13. */
    @DELETE
    @Path("entities/{id}/attrs/{attrId}")
    public Uni<Response> deleteAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId) {
        MultivaluedMap<String, String> p = params(DELETE_ATTR);
        checkId(id);
        boolean all = QueryParams.bool("deleteAll", p.getFirst("deleteAll"));
        String attr = TemporalPayloadNames.iri(attrId, reader.context(headers));
        return service.deleteAttribute(tenant(), id, attr, p.getFirst("datasetId"), all).map(x -> Response.noContent().build());
    }

    /**
     * Clause 5.6.14 (binding 6.22.3.1): the body is an EntityTemporal fragment holding the attribute with
     * the one replacing instance; a body that is the instance itself (an object with an attribute
     * {@code type} or value member) is read as that fragment too. The entity, attribute and instance are
     * looked up first (404), then the body is read (400).
     */
    @PATCH
    @Path("entities/{id}/attrs/{attrId}/{instanceId}")
    public Uni<Response> patchInstance(@PathParam("id") String id, @PathParam("attrId") String attrId,
            @PathParam("instanceId") String instanceId, byte[] body) {
        params(NONE);
        checkId(id);
        checkInstance(instanceId);
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, true);
        String attr = TemporalPayloadNames.iri(attrId, b.context());
        return service.patchInstance(tenant, id, attr, instanceId, () -> {
            TemporalPayload p = TemporalPayload.fragment(TemporalPayload.asFragment(b.json(), attrId), b.context(), id);
            List<Attribute> given = p.attributes().getOrDefault(attr, List.of());
            if (given.size() != 1 || p.attributes().size() != 1) {
                throw NgsiException.badData("the body must hold exactly one instance of attribute '" + attrId + "'");
            }
            return given.get(0);
        }).map(x -> Response.noContent().build());
    }

    /** Clause 5.6.15. */
    @DELETE
    @Path("entities/{id}/attrs/{attrId}/{instanceId}")
    public Uni<Response> deleteInstance(@PathParam("id") String id, @PathParam("attrId") String attrId,
            @PathParam("instanceId") String instanceId) {
        params(NONE);
        checkId(id);
        checkInstance(instanceId);
        String attr = TemporalPayloadNames.iri(attrId, reader.context(headers));
        return service.deleteInstance(tenant(), id, attr, instanceId).map(x -> Response.noContent().build());
    }

    private static void checkId(String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("entity id is not an absolute URI");
        }
    }

    private static void checkInstance(String instanceId) {
        if (!Uris.isAbsoluteUri(instanceId)) {
            throw NgsiException.badData("instanceId is not an absolute URI");
        }
    }
}
