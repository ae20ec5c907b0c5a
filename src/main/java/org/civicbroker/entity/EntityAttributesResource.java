package org.civicbroker.entity;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
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
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.query.lang.Option;
import org.civicbroker.query.lang.Options;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;

/** The attributes of one entity (clauses 5.6.2 - 5.6.5, 5.6.19; OpenAPI paths /entities/{entityId}/attrs...). */
@Path("/ngsi-ld/v1/entities/{id}/attrs")
@Consumes(MediaType.WILDCARD)
public class EntityAttributesResource {

    static final String SCOPE = "scope";
    static final Set<String> APPEND_PARAMS = Set.of("options", "local", "type");
    static final Set<String> DELETE_ATTR_PARAMS = Set.of("datasetId", "deleteAll", "local", "type");
    static final Set<String> LOCAL = Requests.LOCAL;

    private final EntityService service;
    private final RequestReader reader;
    private final EntityParser parser = new EntityParser(GeoJson::parse);

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public EntityAttributesResource(EntityService service, RequestReader reader) {
        this.service = service;
        this.reader = reader;
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        return Requests.params(request, allowed);
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

    /** Append attributes (clause 5.6.3): 204, or 207 with the attributes not appended. */
    @POST
    public Uni<Response> append(@PathParam("id") String id, byte[] body) {
        return distribute("appendAttrs", id, null, body, b -> appendHere(id, b));
    }

    private Uni<Response> appendHere(@PathParam("id") String id, byte[] body) {
        MultivaluedMap<String, String> params = params(APPEND_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        boolean noOverwrite = Options.parse(params.getFirst("options")).has(Option.NO_OVERWRITE);
        Body b = reader.read(headers, body, false);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.APPEND, id);
        return service.update(tenant, id, Requests.type(params, b.context()), Operation.APPEND, stored -> {
            EntityMerges.Outcome o = EntityMerges.append(stored, f, noOverwrite, EntityService.now());
            return new EntityService.Change<>(o.changed() || o.entity() != stored ? o.entity() : null, o);
        }).map(UpdateResults::response);
    }

    /**
     * Update attributes (clause 5.6.2): 204, or 207 with what was not updated (a deletion of an instance
     * that does not exist, a scope for an entity without scope).
     */
    @PATCH
    public Uni<Response> update(@PathParam("id") String id, byte[] body) {
        return distribute("updateEntity", id, null, body, b -> updateHere(id, b));
    }

    private Uni<Response> updateHere(@PathParam("id") String id, byte[] body) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        Fragment f = parser.parseFragment(b.json(), b.context(), Fragment.Mode.UPDATE, id);
        return service.update(tenant, id, Requests.type(params, b.context()), Operation.UPDATE, stored -> {
            EntityMerges.Outcome o = EntityMerges.update(stored, f, EntityService.now());
            return new EntityService.Change<>(o.entity() != stored ? o.entity() : null, o);
        }).map(UpdateResults::response);
    }

    /**
     * Partial attribute update (clause 5.6.4): the fragment as application/json, application/ld+json (its
     * {@code @context} resolves the names) or application/merge-patch+json (clause 6.3.4).
     */
    @PATCH
    @Path("{attrId}")
    public Uni<Response> patchAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        return distribute("updateAttrs", id, attrId, body, b -> patchAttributeHere(id, attrId, b));
    }

    private Uni<Response> patchAttributeHere(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, true);
        String iri = parser.attributeIri(attrId, b.context());
        AttributePatch patch = parser.parseAttributePatch(attrId, b.json(), b.context());
        return changeAttribute(tenant, id, Requests.type(params, b.context()), attrId, patch.datasetId(), Operation.PARTIAL_UPDATE,
                stored -> AttributeMerges.patchAttribute(stored, iri, patch, EntityService.now()));
    }

    /** Replace attribute (clause 5.6.19). */
    @PUT
    @Path("{attrId}")
    public Uni<Response> replaceAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        return distribute("replaceAttrs", id, attrId, body, b -> replaceAttributeHere(id, attrId, b));
    }

    private Uni<Response> replaceAttributeHere(@PathParam("id") String id, @PathParam("attrId") String attrId, byte[] body) {
        MultivaluedMap<String, String> params = params(LOCAL);
        checkId(id);
        Tenant tenant = tenant();
        Body b = reader.read(headers, body, false);
        String iri = parser.attributeIri(attrId, b.context());
        List<Attribute> instances = parser.parseAttribute(attrId, b.json(), b.context());
        if (instances.size() != 1) {
            throw NgsiException.badData("Replace attribute takes exactly one attribute instance");
        }
        Attribute replacement = instances.get(0);
        return changeAttribute(tenant, id, Requests.type(params, b.context()), attrId, replacement.datasetId(),
                Operation.REPLACE_ATTRIBUTE,
                stored -> AttributeMerges.replaceAttribute(stored, iri, replacement, EntityService.now()));
    }

    /** Delete attribute (clause 5.6.5): the default instance, one datasetId, or all with deleteAll. */
    @DELETE
    @Path("{attrId}")
    public Uni<Response> deleteAttribute(@PathParam("id") String id, @PathParam("attrId") String attrId) {
        return distribute("deleteAttrs", id, attrId, null, b -> deleteAttributeHere(id, attrId));
    }

    private Uni<Response> deleteAttributeHere(@PathParam("id") String id, @PathParam("attrId") String attrId) {
        MultivaluedMap<String, String> params = params(DELETE_ATTR_PARAMS);
        checkId(id);
        Tenant tenant = tenant();
        String datasetId = params.getFirst("datasetId");
        if (datasetId != null && !Uris.isAbsoluteUri(datasetId)) {
            throw NgsiException.badData("datasetId must be an absolute URI");
        }
        boolean deleteAll = QueryParams.bool("deleteAll", params.getFirst("deleteAll"));
        LdContext ctx = reader.context(headers);
        TypeQuery type = Requests.type(params, ctx);
        if (SCOPE.equals(attrId)) {
            // clause 5.6.5.4: deleting the attribute scope removes the entity's scope
            return changeAttribute(tenant, id, type, attrId, null, Operation.DELETE_ATTRIBUTE,
                    stored -> AttributeMerges.deleteScope(stored, EntityService.now()));
        }
        String iri = parser.attributeIri(attrId, ctx);
        return changeAttribute(tenant, id, type, attrId, datasetId, Operation.DELETE_ATTRIBUTE,
                stored -> AttributeMerges.deleteAttribute(stored, iri, datasetId, deleteAll, EntityService.now()));
    }

    /**
     * Applies a change to one attribute instance; the change answers null when the instance does not
     * exist, which is 404 (clauses 5.6.4, 5.6.5, 5.6.19). 204 otherwise.
     */
    private Uni<Response> changeAttribute(Tenant tenant, String id, TypeQuery type, String attr, String datasetId,
            Operation op, UnaryOperator<Entity> change) {
        return service.update(tenant, id, type, op, stored -> {
            Entity after = change.apply(stored);
            if (after == null) {
                throw NgsiException.notFound("Entity " + id + " has no attribute " + attr
                        + (datasetId == null ? " (default instance)" : " with datasetId " + datasetId));
            }
            return new EntityService.Change<>(after, null);
        }).map(v -> Response.noContent().build());
    }
}
