package org.civicbroker.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import io.vertx.core.http.HttpServerRequest;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.entity.Views;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.tenancy.Tenant;

/**
 * Entity type and attribute discovery (clauses 5.7.5 - 5.7.10, data types 5.2.24 - 5.2.28). Names are
 * compacted with the request's context; ids are the expanded IRIs.
 */
@Path("/ngsi-ld/v1")
public class DiscoveryResource {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> LIST_PARAMS = Set.of("details", "local");
    private static final Set<String> ONE_PARAMS = Set.of("local");

    private final DiscoveryService service;
    private final RequestReader reader;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    /** The query parameters, split at '&' only (see {@link QueryString}). */
    private MultivaluedMap<String, String> params() {
        return QueryString.parse(request.query());
    }

    public DiscoveryResource(DiscoveryService service, RequestReader reader) {
        this.service = service;
        this.reader = reader;
    }

    /** Context sources' types and attributes (clause 5.7.11), when the federation package is present. */
    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<RemoteNames> remote;

    /**
     * What the matching context sources answer to the same discovery request (clause 5.7.11), unless
     * {@code local=true} (clause 5.5.13).
     */
    private Uni<RemoteNames.Answers> remote(RemoteNames.Kind kind, String name, String iri, LdContext ctx) {
        boolean local = QueryParams.bool("local", params().getFirst("local"));
        if (local || remote == null || !remote.isResolvable()) {
            return Uni.createFrom().nullItem();
        }
        return remote.get().ask(Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER)), kind, name, iri, headers, ctx);
    }

    /** The sources that failed, named in NGSILD-Warning headers (clause 6.3.17). */
    private static Response warn(Response r, RemoteNames.Answers theirs) {
        if (theirs == null || theirs.warnings().isEmpty()) {
            return r;
        }
        Response.ResponseBuilder b = Response.fromResponse(r);
        theirs.warnings().forEach(w -> b.header(org.civicbroker.query.QueryEndpoint.WARNING_HEADER, w));
        return b.build();
    }

    /** Retrieve available entity types (5.7.5) or, with details=true, their details (5.7.6). */
    @GET
    @Path("types")
    public Uni<Response> types() {
        boolean details = details();
        LdContext requestContext = reader.context(headers);
        return remote(details ? RemoteNames.Kind.TYPE_DETAILS : RemoteNames.Kind.TYPES, null, null, requestContext)
                .chain(theirs -> answer(DiscoveryService.all(), requestContext, theirs, (stats, ctx) -> {
            if (!details) {
                ObjectNode list = JSON.objectNode();
                list.put("id", "urn:ngsi-ld:EntityTypeList:" + UUID.randomUUID());
                list.put("type", "EntityTypeList");
                ArrayNode names = list.putArray("typeList");
                stats.types.keySet().forEach(t -> names.add(ctx.compact(t)));
                return list;
            }
            ArrayNode all = JSON.arrayNode();
            stats.types.forEach((iri, ts) -> {
                ObjectNode t = all.addObject();
                t.put("id", iri);
                t.put("type", "EntityType");
                t.put("typeName", ctx.compact(iri));
                ArrayNode names = t.putArray("attributeNames");
                ts.attributeKinds.keySet().forEach(a -> names.add(ctx.compact(a)));
            });
            return all;
        }));
    }

    /** Retrieve entity type information (5.7.7): 404 when no entity has the type. */
    @GET
    @Path("types/{type}")
    public Uni<Response> type(@PathParam("type") String type) {
        QueryParams.check(params(), ONE_PARAMS);
        LdContext requestContext = reader.context(headers);
        String iri = requestContext.expand(type);
        return remote(RemoteNames.Kind.TYPE_INFO, type, iri, requestContext)
                .chain(theirs -> answer(DiscoveryService.ofType(iri), requestContext, theirs, (stats, ctx) -> {
            TypeAttributeStats.TypeStats ts = stats.types.get(iri);
            if (ts == null) {
                throw NgsiException.notFound("No entity of type " + type
                        + (theirs == null || theirs.warnings().isEmpty() ? "" : " here or at the sources that answered"));
            }
            ObjectNode info = JSON.objectNode();
            info.put("id", iri);
            info.put("type", "EntityTypeInfo");
            info.put("typeName", ctx.compact(iri));
            info.put("entityCount", ts.entityCount);
            ArrayNode details = info.putArray("attributeDetails");
            ts.attributeKinds.forEach((a, kinds) -> {
                ObjectNode d = details.addObject();
                d.put("id", a);
                d.put("type", "Attribute");
                d.put("attributeName", ctx.compact(a));
                ArrayNode k = d.putArray("attributeTypes");
                kinds.forEach(k::add);
            });
            return info;
        }));
    }

    /** Retrieve available attributes (5.7.8) or, with details=true, their details (5.7.9). */
    @GET
    @Path("attributes")
    public Uni<Response> attributes() {
        boolean details = details();
        LdContext requestContext = reader.context(headers);
        return remote(details ? RemoteNames.Kind.ATTRIBUTE_DETAILS : RemoteNames.Kind.ATTRIBUTES, null, null, requestContext)
                .chain(theirs -> answer(DiscoveryService.all(), requestContext, theirs, (stats, ctx) -> {
            if (!details) {
                ObjectNode list = JSON.objectNode();
                list.put("id", "urn:ngsi-ld:AttributeList:" + UUID.randomUUID());
                list.put("type", "AttributeList");
                ArrayNode names = list.putArray("attributeList");
                stats.attributes.keySet().forEach(a -> names.add(ctx.compact(a)));
                return list;
            }
            // clause 5.7.9.4: the details list restricts each Attribute (5.2.28) to id, type,
            // attributeName and typeNames; counts and attribute types are for one attribute (5.7.10)
            ArrayNode all = JSON.arrayNode();
            stats.attributes.forEach((iri, as) -> {
                ObjectNode a = attribute(iri, as, ctx);
                a.remove(List.of("attributeCount", "attributeTypes"));
                all.add(a);
            });
            return all;
        }));
    }

    /** Retrieve attribute information (5.7.10): 404 when no entity has the attribute. */
    @GET
    @Path("attributes/{attrId}")
    public Uni<Response> attribute(@PathParam("attrId") String attrId) {
        QueryParams.check(params(), ONE_PARAMS);
        LdContext requestContext = reader.context(headers);
        String iri = requestContext.expand(attrId);
        return remote(RemoteNames.Kind.ATTRIBUTE_INFO, attrId, iri, requestContext)
                .chain(theirs -> answer(DiscoveryService.withAttribute(iri), requestContext, theirs, (stats, ctx) -> {
            TypeAttributeStats.AttributeStats as = stats.attributes.get(iri);
            if (as == null) {
                throw NgsiException.notFound("No entity has attribute " + attrId
                        + (theirs == null || theirs.warnings().isEmpty() ? "" : " here or at the sources that answered"));
            }
            return attribute(iri, as, ctx);
        }));
    }

    private static ObjectNode attribute(String iri, TypeAttributeStats.AttributeStats as, LdContext ctx) {
        ObjectNode a = JSON.objectNode();
        a.put("id", iri);
        a.put("type", "Attribute");
        a.put("attributeName", ctx.compact(iri));
        a.put("attributeCount", as.entityCount);
        ArrayNode kinds = a.putArray("attributeTypes");
        as.kinds.forEach(kinds::add);
        ArrayNode types = a.putArray("typeNames");
        as.typeNames.forEach(t -> types.add(ctx.compact(t)));
        return a;
    }

    private interface Body {
        JsonNode build(TypeAttributeStats stats, LdContext ctx);
    }

    /** The local statistics, with the sources' answers merged in (clause 5.7.11), rendered; sources that failed named. */
    private Uni<Response> answer(Bson filter, LdContext ctx, RemoteNames.Answers theirs, Body body) {
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        return service.stats(tenant, filter).map(stats -> {
            if (theirs != null) {
                theirs.answers().forEach(a -> stats.addRemote(a.body(), a.context()::expand));
            }
            JsonNode json = body.build(stats, ctx);
            if (rep == Representation.JSON_LD) {
                json = withContext(json, ctx);
            }
            return warn(Views.ok(json, rep, ctx), theirs);
        });
    }

    private static JsonNode withContext(JsonNode json, LdContext ctx) {
        Function<JsonNode, ObjectNode> embed = n -> {
            ObjectNode o = JSON.objectNode();
            o.set("@context", ctx.contextValue());
            o.setAll((ObjectNode) n);
            return o;
        };
        if (json.isArray()) {
            ArrayNode a = JSON.arrayNode();
            json.forEach(n -> a.add(embed.apply(n)));
            return a;
        }
        return embed.apply(json);
    }

    /** Checks the parameters of a list endpoint and reads {@code details}. */
    private boolean details() {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, LIST_PARAMS);
        return QueryParams.bool("details", params.getFirst("details"));
    }

}
