package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.PageLinks;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.query.QueryRequests;
import org.civicbroker.security.Caller;
import org.civicbroker.tenancy.Tenant;

/**
 * The temporal API's side of distributed temporal retrieval and query (clauses 5.7.3.4, 5.7.4.4): this broker's
 * answer merged with what the context sources gave ({@link RemoteTemporal}, implemented by the federation
 * package). A query asks the local store for everything up to the end of the requested page, merges by entity
 * id (id order), then takes the page; the count adds the entities only sources hold. Sources that failed are
 * named in NGSILD-Warning headers (clause 6.3.17) and the answer holds what the others gave.
 */
final class TemporalFederation {

    private TemporalFederation() {
    }

    static Uni<Response> query(TemporalQueries queries, Tenant tenant, EntityQuery query, MultivaluedMap<String, String> p,
            TemporalQuery tq, LdContext ctx, Negotiation.Representation rep, QueryRequests.Limits limits, int maxInstances,
            RemoteTemporal.Answer answer, String path, String rawQuery) {
        var paging = QueryRequests.paging(p, ctx, limits);
        int wide = Math.max(1, Math.min(limits.maxLimit(), paging.offset() + paging.limit()));
        TemporalQueries.Request req = TemporalRequests.request(p, tq, ctx, rep == Negotiation.Representation.JSON_LD, maxInstances);
        // no query: nothing to ask here (an EntityMap names no entity held here)
        Uni<TemporalQueries.Answer> here = query == null
                ? Uni.createFrom().item(new TemporalQueries.Answer(JsonNodeFactory.instance.arrayNode(), null, 0L, false))
                : queries.query(tenant, query, 0, wide, true, paging.sort(), values(req));
        return here.map(a -> {
            List<ObjectNode> local = objects(a.body());
            List<ObjectNode> merged = answer.merge(local, tq.lastN(), tq.timeproperty().term());
            long localCount = a.count() == null ? local.size() : a.count();
            Long remoteCount = answer.count(local, merged);
            long total = remoteCount != null ? localCount + remoteCount : localCount + merged.size() - local.size();
            InstancePages.Window window = window(merged, a.window(), answer, req);
            ArrayNode body = JsonNodeFactory.instance.arrayNode();
            finish(merged.stream().skip(paging.offset()).limit(paging.limit()).toList(), req)
                    .forEach(e -> body.add(withContext(e, req, ctx)));
            Response.ResponseBuilder b = Response.fromResponse(TemporalResource.respond(
                    new TemporalQueries.Answer(body, window, null, false), rep, ctx));
            if (paging.count()) {
                b.header(QueryEndpoint.COUNT_HEADER, total);
            }
            answer.warnings().forEach(w -> b.header(QueryEndpoint.WARNING_HEADER, w));
            return PageLinks.add(b.build(), path, rawQuery, new PageLinks.Page(paging.offset(), paging.limit(),
                    merged.size() > (long) paging.offset() + paging.limit()));
        });
    }

    static Uni<Response> retrieve(TemporalQueries queries, Tenant tenant, String id, TemporalQueries.Request req, Caller caller,
            Negotiation.Representation rep, RemoteTemporal.Answer answer) {
        return queries.retrieve(tenant, id, values(req), caller)
                .onFailure(e -> e instanceof NgsiException n && n.type() == ErrorType.RESOURCE_NOT_FOUND).recoverWithNull()
                .map(a -> {
                    List<ObjectNode> local = a == null ? List.of() : objects(a.body());
                    List<ObjectNode> merged = answer.merge(local, req.temporal().lastN(), req.temporal().timeproperty().term());
                    InstancePages.Window window = window(merged, a == null ? null : a.window(), answer, req);
                    ObjectNode found = finish(merged, req).stream()
                            .filter(e -> id.equals(e.path("id").asText())).findFirst().orElse(null);
                    ObjectNode entity = found;
                    if (entity != null && caller.restricted() && !caller.sees(types(entity, req.ctx()))) {
                        entity = null;  // a type the caller may not see is not found, wherever it is held
                    }
                    if (entity == null) {
                        // clause 5.7.3.4: neither this broker nor a matching source knows the entity
                        NgsiException nf = NgsiException.notFound("No temporal entity " + id
                                + (answer.warnings().isEmpty() ? "" : " here or at the sources that answered"));
                        throw nf;
                    }
                    Response.ResponseBuilder b = Response.fromResponse(TemporalResource.respond(
                            new TemporalQueries.Answer(withContext(entity, req, req.ctx()), window, null, false),
                            rep, req.ctx()));
                    answer.warnings().forEach(w -> b.header(QueryEndpoint.WARNING_HEADER, w));
                    return b.build();
                });
    }

    /**
     * The request the local part is answered with: an aggregated one in temporalValues (the sources are asked for
     * their values too, see {@link RemoteTemporal}), so that the merged values are aggregated once (clause 4.5.19).
     */
    private static TemporalQueries.Request values(TemporalQueries.Request req) {
        if (req.mode() != TemporalRenderer.Mode.AGGREGATED) {
            return req;
        }
        // not cut by the instance limit: a local aggregation reads every instance of the range too
        return new TemporalQueries.Request(req.temporal(), TemporalRenderer.Mode.TEMPORAL_VALUES, null, req.render(), req.ctx(),
                Integer.MAX_VALUE, req.datasetIds(), req.attrs());
    }

    /** The merged entities as the client asked for them: aggregated when it asked for aggregatedValues. */
    private static List<ObjectNode> finish(List<ObjectNode> merged, TemporalQueries.Request req) {
        return req.mode() == TemporalRenderer.Mode.AGGREGATED
                ? MergedHistory.aggregate(merged, req.temporal(), req.aggregation()) : merged;
    }

    /**
     * Clause 6.3.10: when this broker or a source cut its instances, the merged answer is cut to the window all
     * of them cover ({@link MergedHistory}) and answered 206 with that Content-Range; else null (200).
     */
    private static InstancePages.Window window(List<ObjectNode> merged, InstancePages.Window local, RemoteTemporal.Answer answer,
            TemporalQueries.Request req) {
        List<InstancePages.Window> cuts = new ArrayList<>();
        cuts.add(local);
        answer.contentRanges().forEach(h -> cuts.add(MergedHistory.parseRange(h)));
        InstancePages.Window w = MergedHistory.combine(cuts, req.temporal());
        if (w != null) {
            MergedHistory.cut(merged, w, req.temporal(), req.temporal().timeproperty().term());
        }
        return w;
    }

    private static List<String> types(ObjectNode e, LdContext ctx) {
        List<String> out = new ArrayList<>();
        JsonNode t = e.path("type");
        (t.isArray() ? t : JsonNodeFactory.instance.arrayNode().add(t)).forEach(x -> out.add(ctx.expand(x.asText())));
        return out;
    }

    private static List<ObjectNode> objects(JsonNode body) {
        List<ObjectNode> out = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(e -> out.add((ObjectNode) e));
        } else if (body.isObject()) {
            out.add((ObjectNode) body);
        }
        return out;
    }

    /** A source's entity in an application/ld+json answer carries the @context as the local ones do. */
    private static ObjectNode withContext(ObjectNode e, TemporalQueries.Request req, LdContext ctx) {
        if (!req.render().embedContext() || e.has("@context")) {
            return e;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("@context", ctx.contextValue().deepCopy());
        out.setAll(e);
        return out;
    }
}
