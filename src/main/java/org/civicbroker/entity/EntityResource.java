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
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.batch.PurgeEndpoint;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.Locations;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import io.vertx.core.http.HttpServerRequest;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.common.http.RequestReader.Body;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributePatch;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.model.Fragment;
import org.civicbroker.model.Uris;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.query.ResultRenderer;
import org.civicbroker.query.lang.Option;
import org.civicbroker.query.lang.Options;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.tenancy.Tenant;

/** Entity provision and retrieval of one entity (clauses 5.6, 5.7.1; OpenAPI paths /entities...). */
@Path("/ngsi-ld/v1/entities")
@Consumes(MediaType.WILDCARD)
public class EntityResource {

    static final Set<String> NO_PARAMS = Set.of();
    static final Set<String> RETRIEVE_PARAMS = Set.of("attrs", "pick", "omit", "options", "format", "lang",
            "geometryProperty", "local", "datasetId", "join", "joinLevel", "containedBy");
    static final Set<String> APPEND_PARAMS = Set.of("options");
    static final Set<String> DELETE_ATTR_PARAMS = Set.of("datasetId", "deleteAll");

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

    /** The query parameters, split at '&' only (see {@link QueryString}). */
    private MultivaluedMap<String, String> params() {
        return QueryString.parse(request.query());
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
        QueryParams.check(params(), NO_PARAMS);
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
        return purge.purge(params(), headers);
    }

    /**
     * Retrieve entity (clause 5.7.1), with its linked entities when {@code join} asks (clause 4.5.23).
     * 404 when the entity has none of the attributes {@code attrs} or {@code pick} name (clause 5.7.1.4).
     */
    @GET
    @Path("{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, RETRIEVE_PARAMS);
        QueryParams.bool("local", params.getFirst("local"));
        checkId(id);
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), true);
        LdContext ctx = reader.context(headers);
        Views.View view = Views.of(params, ctx, rep, headers.getHeaderString("Prefer"));
        UnaryOperator<Entity> datasets = Views.datasets(params.getFirst("datasetId"));
        String geometryIri = Views.geometryProperty(params, ctx);
        return service.retrieve(tenant, id).map(datasets).chain(e -> {
            if (view.projection().namesAttributes() && !view.projection().selects(e.attributes().keySet())) {
                throw NgsiException.notFound("Entity " + id + " has none of the attributes asked for");
            }
            return results.one(tenant, e, view, rep, ctx, geometryIri);
        }).map(body -> Views.ok(body, rep, ctx, view.render().embedContext()));
    }

    /** Delete entity (clause 5.6.6). */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        QueryParams.check(params(), Set.of("local"));
        checkId(id);
        return service.delete(tenant(), id).map(v -> Response.noContent().build());
    }

    /** Replace entity (clause 5.6.18). */
    @PUT
    @Path("{id}")
    public Uni<Response> replace(@PathParam("id") String id, byte[] body) {
        QueryParams.check(params(), NO_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        Entity replacement = parser.parseEntity(withId(b.json(), id), b.context());
        return service.update(tenant, id, Operation.REPLACE,
                stored -> new EntityService.Change<>(EntityMerges.replace(stored, replacement, EntityService.now()), null))
                .map(v -> Response.noContent().build());
    }

    /** Merge entity (clause 5.6.17): JSON merge-patch semantics with urn:ngsi-ld:null deletions. */
    @PATCH
    @Path("{id}")
    public Uni<Response> merge(@PathParam("id") String id, byte[] body) {
        QueryParams.check(params(), NO_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, true);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.MERGE_PATCH, id);
        return service.update(tenant, id, Operation.MERGE,
                stored -> new EntityService.Change<>(EntityMerges.merge(stored, f, EntityService.now()), null))
                .map(v -> Response.noContent().build());
    }

    /** Append attributes (clause 5.6.3): 204, or 207 with the attributes not appended. */
    @POST
    @Path("{id}/attrs")
    public Uni<Response> append(@PathParam("id") String id, byte[] body) {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, APPEND_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        boolean noOverwrite = Options.parse(params.getFirst("options")).has(Option.NO_OVERWRITE);
        Body b = reader.read(headers, body, false);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.APPEND, id);
        return service.update(tenant, id, Operation.APPEND, stored -> {
            EntityMerges.Outcome o = EntityMerges.append(stored, f, noOverwrite, EntityService.now());
            return new EntityService.Change<>(o.changed() || o.entity() != stored ? o.entity() : null, o);
        }).map(o -> UpdateResults.response(o, b.context()));
    }

    /** Update attributes (clause 5.6.2): 204, or 207 with the attributes that do not exist. */
    @PATCH
    @Path("{id}/attrs")
    public Uni<Response> update(@PathParam("id") String id, byte[] body) {
        QueryParams.check(params(), NO_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.UPDATE, id);
        return service.update(tenant, id, Operation.UPDATE, stored -> {
            EntityMerges.Outcome o = EntityMerges.update(stored, f.attributes(), EntityService.now());
            return new EntityService.Change<>(o.changed() ? o.entity() : null, o);
        }).map(o -> UpdateResults.response(o, b.context()));
    }

    /** Partial attribute update (clause 5.6.4). */
    @PATCH
    @Path("{id}/attrs/{attrId}")
    public Uni<Response> patchAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        QueryParams.check(params(), NO_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        String iri = parser.attributeIri(attrId, b.context());
        AttributePatch patch = parser.parseAttributePatch(attrId, b.json(), b.context());
        return changeAttribute(tenant, id, attrId, patch.datasetId(), Operation.PARTIAL_UPDATE,
                stored -> EntityMerges.patchAttribute(stored, iri, patch, EntityService.now()));
    }

    /** Replace attribute (clause 5.6.19). */
    @PUT
    @Path("{id}/attrs/{attrId}")
    public Uni<Response> replaceAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        QueryParams.check(params(), NO_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        String iri = parser.attributeIri(attrId, b.context());
        List<Attribute> instances = parser.parseAttribute(attrId, b.json(), b.context());
        if (instances.size() != 1) {
            throw NgsiException.badData("Replace attribute takes exactly one attribute instance");
        }
        Attribute replacement = instances.get(0);
        return changeAttribute(tenant, id, attrId, replacement.datasetId(), Operation.REPLACE_ATTRIBUTE,
                stored -> EntityMerges.replaceAttribute(stored, iri, replacement, EntityService.now()));
    }

    /** Delete attribute (clause 5.6.5): the default instance, one datasetId, or all with deleteAll. */
    @DELETE
    @Path("{id}/attrs/{attrId}")
    public Uni<Response> deleteAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId) {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, DELETE_ATTR_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        String datasetId = params.getFirst("datasetId");
        if (datasetId != null && !Uris.isAbsoluteUri(datasetId)) {
            throw NgsiException.badData("datasetId must be an absolute URI");
        }
        boolean deleteAll = QueryParams.bool("deleteAll", params.getFirst("deleteAll"));
        String iri = parser.attributeIri(attrId, reader.context(headers));
        return changeAttribute(tenant, id, attrId, datasetId, Operation.DELETE_ATTRIBUTE,
                stored -> EntityMerges.deleteAttribute(stored, iri, datasetId, deleteAll, EntityService.now()));
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

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    static void checkId(String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("Entity id '" + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
                    + "' is not an absolute URI");
        }
    }

    /**
     * Applies a change to one attribute instance; the change answers null when the instance does not
     * exist, which is 404 (clauses 5.6.4, 5.6.5, 5.6.19). 204 otherwise.
     */
    private Uni<Response> changeAttribute(Tenant tenant, String id, String attr, String datasetId, Operation op,
            UnaryOperator<Entity> change) {
        return service.update(tenant, id, op, stored -> {
            Entity after = change.apply(stored);
            if (after == null) {
                throw NgsiException.notFound("Entity " + id + " has no attribute " + attr
                        + (datasetId == null ? " (default instance)" : " with datasetId " + datasetId));
            }
            return new EntityService.Change<>(after, null);
        }).map(v -> Response.noContent().build());
    }
}
