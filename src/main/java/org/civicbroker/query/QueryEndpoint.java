package org.civicbroker.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.entitymap.EntityMap;
import org.civicbroker.entitymap.EntityMaps;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.PageLinks;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.entity.Views;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.query.QueryService.Page;
import org.civicbroker.query.QueryService.Paging;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Query entities over HTTP: GET /entities (clause 6.4.3.2) and POST /entityOperations/query (clause
 * 6.23.3.1). Both answer an array of entities (or a GeoJSON FeatureCollection), with the total in
 * {@code NGSILD-Results-Count} when {@code count=true}.
 */
@ApplicationScoped
public class QueryEndpoint {

    public static final String COUNT_HEADER = "NGSILD-Results-Count";

    static final Set<String> GET_PARAMS = Set.of("id", "idPattern", "type", "attrs", "pick", "omit", "q", "scopeQ",
            "georel", "geometry", "coordinates", "geoproperty", "geometryProperty", "lang", "options", "format",
            "count", "limit", "offset", "orderBy", "local", "datasetId", "join", "joinLevel", "containedBy",
            "entityMap", "entityMapLifetime");
    static final Set<String> POST_PARAMS = Set.of("options", "format", "count", "limit", "offset", "orderBy", "local",
            "geometryProperty", "datasetId", "join", "joinLevel", "containedBy", "entityMap", "entityMapLifetime");

    private final QueryService service;
    private final RequestReader reader;
    private final QueryRequests.Limits limits;
    private final ResultRenderer results;
    private final CurrentCaller caller;
    private final jakarta.enterprise.inject.Instance<RemoteEntities> remote;
    private final EntityMaps maps;

    public QueryEndpoint(QueryService service, RequestReader reader, ResultRenderer results, CurrentCaller caller,
            jakarta.enterprise.inject.Instance<RemoteEntities> remote, EntityMaps maps,
            @ConfigProperty(name = "civic.query.default-limit", defaultValue = "20") int defaultLimit,
            @ConfigProperty(name = "civic.query.max-limit", defaultValue = "1000") int maxLimit) {
        this.service = service;
        this.reader = reader;
        this.results = results;
        this.caller = caller;
        this.remote = remote;
        this.maps = maps;
        this.limits = new QueryRequests.Limits(defaultLimit, maxLimit);
    }

    /**
     * @param path the request path and {@code rawQuery} its raw query string, for the page Link headers
     */
    public Uni<Response> get(String path, String rawQuery, HttpHeaders headers) {
        MultivaluedMap<String, String> params = QueryString.parse(rawQuery);
        QueryParams.check(params, GET_PARAMS);
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), true);
        LdContext ctx = reader.context(headers);
        // a caller without a token sees the open types only, from this broker and from its sources alike
        EntityQuery query = caller.get().narrow(QueryRequests.fromParameters(params, ctx));
        QueryRequests.paging(params, ctx, limits);  // a bad page is refused before any source is asked
        boolean local = QueryParams.bool("local", params.getFirst("local"));
        if (QueryParams.bool("entityMap", params.getFirst("entityMap")) || headers.getHeaderString(EntityMaps.HEADER) != null) {
            // clause 4.3.6.7: the set of entities paged through is the EntityMap's
            return mapped(tenant, query, params, rawQuery, null, headers, ctx, rep, local)
                    .map(a -> PageLinks.add(a.response(), path, rawQuery, a.page()));
        }
        if (local || !remote.isResolvable()) {
            return run(tenant, query, params, headers, ctx, rep).map(a -> PageLinks.add(a.response(), path, rawQuery, a.page()));
        }
        // clause 4.3.6: matching context source registrations are asked too, unless local=true (clause 5.5.13)
        return remote.get().query(tenant, query, rawQuery, headers, ctx).chain(answer -> answer == null
                ? run(tenant, query, params, headers, ctx, rep)
                : runDistributed(tenant, query, params, headers, ctx, rep, answer))
                .map(a -> PageLinks.add(a.response(), path, rawQuery, a.page()));
    }

    /**
     * A query answered with context sources (clause 4.3.6.7): the local matches up to the end of the page and
     * the sources' are merged by id, in id order (or the orderBy order), then paged; the count adds the entities only sources hold.
     * Sources that failed are named in NGSILD-Warning headers and the answer holds what the others gave.
     */
    private Uni<Answer> runDistributed(Tenant tenant, EntityQuery query, MultivaluedMap<String, String> params,
            HttpHeaders headers, LdContext ctx, Representation rep, RemoteEntities.Answer answer) {
        Paging paging = QueryRequests.paging(params, ctx, limits);
        Paging wide = new Paging(0, Math.max(1, Math.min(limits.maxLimit(), paging.offset() + paging.limit())), true,
                paging.sort(), paging.defaultOrder());
        Views.View view = Views.of(params, ctx, rep, headers.getHeaderString("Prefer"));
        UnaryOperator<Entity> datasets = Views.datasets(params.getFirst("datasetId"));
        String geometryIri = Views.geometryProperty(params, ctx);
        Uni<Page> here = query == null ? Uni.createFrom().item(new Page(List.of(), 0L, false))
                : service.query(tenant, query, wide, Optional.empty());
        return here.chain(page -> {
            List<Entity> merged = new java.util.ArrayList<>(answer.merge(page.entities()));
            String orderBy = params.getFirst(org.civicbroker.query.lang.OrderBy.PARAM);
            if (orderBy != null) {
                // V1.9.1 orderBy over the merged answer (the merge is in id order, which stays the tie-break)
                merged.sort(org.civicbroker.query.lang.OrderBy.parse(orderBy, ctx::expand).comparator());
            }
            long localCount = page.count() == null ? page.entities().size() : page.count();
            Long remoteCount = answer.count(page.entities(), merged);
            long total = remoteCount != null ? localCount + remoteCount : localCount + merged.size() - page.entities().size();
            List<Entity> slice = merged.stream().skip(paging.offset()).limit(paging.limit()).map(datasets).toList();
            return results.many(tenant, slice, view, rep, ctx, geometryIri).map(body -> {
                Response r = Views.ok(body, rep, ctx, view.render().embedContext());
                Response.ResponseBuilder b = Response.fromResponse(r);
                if (paging.count()) {
                    b.header(COUNT_HEADER, total);
                }
                answer.warnings().forEach(w -> b.header(WARNING_HEADER, w));
                return new Answer(b.build(), new PageLinks.Page(paging.offset(), paging.limit(),
                        merged.size() > (long) paging.offset() + paging.limit()));
            });
        });
    }

    /**
     * A query over an EntityMap (clauses 4.3.6.7, 5.5.9.3, 6.4.3.2, 6.23.3.1): with a live map named in the
     * {@code NGSILD-EntityMap} request header, only the entities of the map are considered (those held here
     * queried here, those of each registration asked of its source by id, naming the source's own map when it
     * made one), the filters being applied again; otherwise ({@code entityMap=true}, or a map that is unknown or
     * expired) a new map of the query's candidates is made first and the answer is 201. Either way the map's
     * location is in the {@code NGSILD-EntityMap} response header.
     *
     * @param body the Query of a query via POST (null for GET)
     */
    private Uni<Answer> mapped(Tenant tenant, EntityQuery query, MultivaluedMap<String, String> params, String rawQuery,
            byte[] body, HttpHeaders headers, LdContext ctx, Representation rep, boolean local) {
        EntityMap existing = maps.fromHeader(tenant.name(), headers.getHeaderString(EntityMaps.HEADER));
        Uni<EntityMap> map = existing != null ? Uni.createFrom().item(existing)
                : candidates(tenant, query, body, rawQuery, headers, ctx, local, params.getFirst("entityMapLifetime"));
        return map.chain(m -> onMap(tenant, query, params, rawQuery, body, headers, ctx, rep, m, local).map(a -> {
            Response.ResponseBuilder b = Response.fromResponse(a.response()).header(EntityMaps.HEADER, m.location());
            if (existing == null && a.response().getStatus() == 200) {
                b.status(201);
            }
            return new Answer(b.build(), a.page());
        }));
    }

    private Uni<Answer> onMap(Tenant tenant, EntityQuery query, MultivaluedMap<String, String> params, String rawQuery,
            byte[] body, HttpHeaders headers, LdContext ctx, Representation rep, EntityMap m, boolean local) {
        EntityQuery here = onlyIds(query, m.idsOf(EntityMap.LOCAL));
        java.util.Map<String, List<String>> bySource = m.bySource();
        RemoteEntities.Answer nothing = RemoteEntities.Answer.NONE;
        if (local || bySource.isEmpty() || !remote.isResolvable()) {
            return runDistributed(tenant, here, params, headers, ctx, rep, nothing);
        }
        Uni<RemoteEntities.Answer> asked = body == null
                ? remote.get().query(tenant, query, rawQuery, headers, ctx, bySource, m.linkedMaps())
                : remote.get().queryBatch(tenant, query, body, rawQuery, headers, ctx, bySource, m.linkedMaps());
        return asked.chain(answer -> runDistributed(tenant, here, params, headers, ctx, rep, answer == null ? nothing : answer));
    }

    /** The query narrowed to these entity ids (null when none is left: nothing to ask here). */
    public static EntityQuery onlyIds(EntityQuery query, List<String> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        List<EntityQuery.Selector> selectors = new ArrayList<>();
        if (query.selectors().isEmpty()) {
            selectors.add(new EntityQuery.Selector(ids, null, null));
        }
        for (EntityQuery.Selector s : query.selectors()) {
            List<String> kept = s.ids().isEmpty() ? ids : s.ids().stream().filter(ids::contains).toList();
            if (!kept.isEmpty()) {
                selectors.add(new EntityQuery.Selector(kept, s.idPattern(), s.type()));
            }
        }
        return selectors.isEmpty() ? null : new EntityQuery(selectors, query.attrs(), query.q(), query.scopeQ(), query.geo());
    }

    /**
     * A new EntityMap of the candidates of a query (clause 5.14.4): the ids of the matching entities held here
     * ({@code @none}) and those of each matching registration (its source's own map, recorded in linkedMaps, or
     * what it answers to the query), up to civic.query.max-limit each.
     *
     * @param body the Query of a query via POST, or null for the parameters of {@code rawQuery}
     */
    private Uni<EntityMap> candidates(Tenant tenant, EntityQuery query, byte[] body, String rawQuery, HttpHeaders headers,
            LdContext ctx, boolean local, String lifetime) {
        EntityMaps.lifetime(lifetime);  // a bad lifetime is refused before any source is asked
        Uni<Page> here = service.query(tenant, query, Paging.byId(0, limits.maxLimit(), false), Optional.of(Set.of()));
        Uni<RemoteEntities.Candidates> theirs = local || !remote.isResolvable() ? Uni.createFrom().nullItem()
                : remote.get().candidates(tenant, query, body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                        everything(rawQuery), headers, ctx, limits.maxLimit());
        return Uni.combine().all().unis(here, theirs).asTuple().map(t -> {
            java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
            t.getItem1().entities().forEach(e -> out.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(EntityMap.LOCAL));
            java.util.Map<String, String> linked = java.util.Map.of();
            if (t.getItem2() != null) {
                t.getItem2().idsBySource().forEach((registration, ids) -> ids.forEach(id -> {
                    List<String> holders = out.computeIfAbsent(id, k -> new ArrayList<>());
                    if (!holders.contains(registration)) {
                        holders.add(registration);
                    }
                }));
                linked = t.getItem2().linkedMaps();
            }
            return maps.create(tenant.name(), out, linked, lifetime);
        });
    }

    /** The client's query string without paging, asking each source for up to civic.query.max-limit entities. */
    private String everything(String rawQuery) {
        List<String> out = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!pair.isEmpty() && !Set.of("limit", "offset", "count", "entityMap", "entityMapLifetime").contains(name)) {
                    out.add(pair);
                }
            }
        }
        out.add("limit=" + limits.maxLimit());
        return String.join("&", out);
    }

    /** Create EntityMap for Query Entities (clause 5.14.4) from the parameters of Query Entities. */
    public Uni<EntityMap> createMap(String rawQuery, HttpHeaders headers) {
        MultivaluedMap<String, String> params = QueryString.parse(rawQuery);
        QueryParams.check(params, GET_PARAMS);
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        LdContext ctx = reader.context(headers);
        EntityQuery query = caller.get().narrow(QueryRequests.fromParameters(params, ctx));
        boolean local = QueryParams.bool("local", params.getFirst("local"));
        return candidates(tenant, query, null, rawQuery, headers, ctx, local, params.getFirst("entityMapLifetime"));
    }

    /** Create EntityMap for Query Entities via POST (clause 6.34.3.2) from a Query body. */
    public Uni<EntityMap> createMapFromBody(byte[] body, String rawQuery, HttpHeaders headers) {
        MultivaluedMap<String, String> params = QueryString.parse(rawQuery);
        QueryParams.check(params, POST_PARAMS);
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        RequestReader.Body b = reader.read(headers, body, false);
        boolean local = QueryParams.bool("local", params.getFirst("local")) || b.json().path("local").asBoolean(false);
        EntityQuery query = caller.get().narrow(QueryRequests.fromBody(b.json(), b.context(), local));
        return candidates(tenant, query, body, rawQuery, headers, b.context(), local, params.getFirst("entityMapLifetime"));
    }

    /** The header naming the context sources a distributed answer lacks (clause 6.3.17). */
    public static final String WARNING_HEADER = "NGSILD-Warning";


    public Uni<Response> post(byte[] body, String rawQuery, HttpHeaders headers) {
        MultivaluedMap<String, String> params = QueryString.parse(rawQuery);
        QueryParams.check(params, POST_PARAMS);
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), true);
        RequestReader.Body b = reader.read(headers, body, false);
        boolean local = QueryParams.bool("local", params.getFirst("local"));
        EntityQuery query = QueryRequests.fromBody(b.json(), b.context(), local);
        MultivaluedMap<String, String> view = withBodyView(params, b.json());
        // no page links: the next page needs the same body again, which a Link cannot carry
        if (QueryParams.bool("entityMap", params.getFirst("entityMap")) || headers.getHeaderString(EntityMaps.HEADER) != null) {
            // clauses 4.3.6.7, 6.23.3.1: the set of entities paged through is the EntityMap's (201 when made anew)
            EntityQuery narrowed = caller.get().narrow(query);
            QueryRequests.paging(view, b.context(), limits);
            return mapped(tenant, narrowed, view, rawQuery, body, headers, b.context(), rep,
                    local || b.json().path("local").asBoolean(false)).map(Answer::response);
        }
        if (local || b.json().path("local").asBoolean(false) || !remote.isResolvable()) {
            return run(tenant, query, view, headers, b.context(), rep).map(Answer::response);
        }
        // clause 4.3.6: the registrations that take queryBatch (or queryEntity) are asked too (clause 5.7.2)
        EntityQuery narrowed = caller.get().narrow(query);
        QueryRequests.paging(view, b.context(), limits);  // a bad page is refused before any source is asked
        return remote.get().queryBatch(tenant, narrowed, body, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), rawQuery,
                        headers, b.context())
                .chain(answer -> answer == null ? run(tenant, query, view, headers, b.context(), rep)
                        : runDistributed(tenant, narrowed, view, headers, b.context(), rep, answer))
                .map(Answer::response);
    }

    private record Answer(Response response, PageLinks.Page page) {
    }

    private Uni<Answer> run(Tenant tenant, EntityQuery query, MultivaluedMap<String, String> params, HttpHeaders headers,
            LdContext ctx, Representation rep) {
        Paging paging = QueryRequests.paging(params, ctx, limits);
        // a caller without a token sees the open types only (docs/security.md)
        query = caller.get().narrow(query);
        Views.View view = Views.of(params, ctx, rep, headers.getHeaderString("Prefer"));
        UnaryOperator<Entity> datasets = Views.datasets(params.getFirst("datasetId"));
        String geometryIri = Views.geometryProperty(params, ctx);
        // a Feature's geometry comes from its GeoProperty even when attrs/pick leave it out of "properties";
        // linked-entity retrieval follows the Relationships the projection keeps, so they are read too
        Optional<Set<String>> needed = view.projection().neededAttributes().map(attrs -> rep != Representation.GEO_JSON
                ? attrs : Stream.concat(attrs.stream(), Stream.of(geometryIri)).collect(Collectors.toSet()));
        return service.query(tenant, query, paging, needed).chain(page -> {
            List<Entity> entities = page.entities().stream().map(datasets).toList();
            return results.many(tenant, entities, view, rep, ctx, geometryIri).map(body -> {
                Response r = count(Views.ok(body, rep, ctx, view.render().embedContext()), page);
                return new Answer(r, new PageLinks.Page(paging.offset(), paging.limit(), page.more()));
            });
        });
    }

    private static Response count(Response r, Page page) {
        if (page.count() == null) {
            return r;
        }
        return Response.fromResponse(r).header(COUNT_HEADER, page.count()).build();
    }

    /**
     * The Query body's members that shape the answer (clause 5.2.23) as the parameters of the same names
     * do on GET: attrs, pick and omit (a string or an array of projection strings), lang, join, joinLevel,
     * containedBy and datasetId. A body member overrides the parameter.
     */
    private static MultivaluedMap<String, String> withBodyView(MultivaluedMap<String, String> params, JsonNode body) {
        MultivaluedMap<String, String> all = new MultivaluedHashMap<>(params);
        JsonNode attrs = body.get("attrs");
        if (attrs != null && attrs.isArray() && !attrs.isEmpty()) {
            all.putSingle("attrs", list("attrs", attrs));
        }
        for (String member : List.of("pick", "omit", "lang", "join", "joinLevel", "containedBy", "datasetId")) {
            JsonNode v = body.get(member);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isArray() && !List.of("lang", "join", "joinLevel").contains(member)) {
                all.putSingle(member, list(member, v));
            } else if (v.isTextual() || ("joinLevel".equals(member) && v.isNumber())) {
                all.putSingle(member, v.asText());
            } else {
                throw NgsiException.badData("'" + member + "' has the wrong type");
            }
        }
        return all;
    }

    /** A non-empty array of strings as the comma list the parameter would be. */
    private static String list(String member, JsonNode array) {
        if (array.isEmpty()) {
            throw NgsiException.badData("'" + member + "' must not be an empty array (clause 5.2.23)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                throw NgsiException.badData("'" + member + "' must be an array of strings");
            }
            out.add(e.textValue());
        }
        return String.join(",", out);
    }
}
