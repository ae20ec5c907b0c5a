package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.RemoteEntities;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.registration.Operations;
import org.civicbroker.registration.Registration;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;

/**
 * Distributed Retrieve Entity and Query Entities (clauses 4.3.6, 5.7.1, 5.7.2): the request goes to every
 * matching registration at once (each bounded by {@link SourceClient}), the answers are read as NGSI-LD
 * entities with the @context the source names (its Link header or body), else the client's, and merged with
 * the local ones by {@link EntityMerge}. A source that fails or answers something that is not NGSI-LD is
 * reported, and the answer is built from the others (partial answer, clause 4.3.6.1).
 */
@ApplicationScoped
public class DistributedReads implements RemoteEntities {

    private static final Logger LOG = Logger.getLogger(DistributedReads.class);

    private final Federation federation;
    private final SourceClient client;
    private final ContextResolver contexts;
    private final EntityParser parser = new EntityParser(GeoJson::parse);

    public DistributedReads(Federation federation, SourceClient client, ContextResolver contexts) {
        this.federation = federation;
        this.client = client;
        this.contexts = contexts;
    }

    @Override
    public Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<Registration> targets = federation.matching(tenant, query, headers, List.of(Operations.QUERY_ENTITY));
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String forwarded = RemoteRequest.query(rawQuery);
        return fetch(targets.stream().map(r -> new Call(r, "GET", "/ngsi-ld/v1/entities"
                + RemoteRequest.restrict(forwarded, registeredIds(r, query), registeredAttributes(r, query), ctx), null)).toList(),
                headers, ctx);
    }

    /**
     * A query over an EntityMap (clause 4.3.6.7): each registration the map names that still matches and takes
     * queryEntity is asked for the map's ids of it (the query's filters applied again by the source); a source
     * that made an EntityMap of its own for the map (linkedMaps) is named it in the NGSILD-EntityMap header.
     */
    @Override
    public Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx,
            Map<String, List<String>> only, Map<String, String> linkedMaps) {
        if (!federation.active(tenant) || only.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<Call> calls = new ArrayList<>();
        String forwarded = RemoteRequest.withoutIds(RemoteRequest.query(rawQuery));
        for (Registration r : federation.matching(tenant, Operations.QUERY_ENTITY, List.of(), null, null, List.of(), headers)) {
            List<String> ids = only.get(r.id());
            if (ids != null && !ids.isEmpty()) {
                String linked = linkedMaps.get(r.id());
                calls.add(new Call(r, "GET", "/ngsi-ld/v1/entities"
                        + RemoteRequest.restrict(forwarded, ids, registeredAttributes(r, query), ctx), null, null,
                        linked == null ? Map.of() : Map.of(org.civicbroker.entitymap.EntityMaps.HEADER,
                                org.civicbroker.entitymap.EntityMaps.PATH + "/" + linked)));
            }
        }
        return calls.isEmpty() ? Uni.createFrom().nullItem() : fetch(calls, headers, ctx);
    }

    /**
     * A query via POST over an EntityMap: the sources are asked as for a GET query over the map, with the Query's
     * filters as parameters ({@link RemoteRequest#mapQuery}).
     */
    @Override
    public Uni<Answer> queryBatch(Tenant tenant, EntityQuery query, byte[] body, String rawQuery, HttpHeaders headers,
            LdContext ctx, Map<String, List<String>> only, Map<String, String> linkedMaps) {
        return query(tenant, query, RemoteRequest.mapQuery(parseOrEmpty(body), rawQuery), headers, ctx, only, linkedMaps);
    }

    private static JsonNode parseOrEmpty(byte[] body) {
        try {
            return RequestReader.parse(body);
        } catch (RuntimeException e) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * The candidates of an EntityMap at the sources (clause 5.14.4): a registration that takes
     * createEntityMapQueryEntity is asked to make its own map ({@code GET /entityMaps} with the query's
     * parameters, or {@code POST /entityMaps} with the client's Query body), whose id goes in linkedMaps and whose
     * entity ids are the registration's candidates; a source that cannot (any failure) and every other
     * registration are queried as Query Entities would query them.
     */
    @Override
    public Uni<Candidates> candidates(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx, int maxPerSource) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<Registration> targets = federation.matching(tenant, query, headers, body == null
                ? List.of(Operations.QUERY_ENTITY, Operations.CREATE_MAP_QUERY_ENTITY)
                : List.of(Operations.QUERY_ENTITY, Operations.QUERY_BATCH, Operations.CREATE_MAP_QUERY_ENTITY));
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<Uni<SourceMaps.SourceCandidates>> asked = new ArrayList<>();
        for (Registration r : targets) {
            Uni<SourceMaps.SourceCandidates> byQuery = Uni.createFrom().deferred(() -> candidatesByQuery(r, query, body, contentType, rawQuery, headers, ctx));
            if (!r.accepts(Operations.CREATE_MAP_QUERY_ENTITY)) {
                asked.add(byQuery);
                continue;
            }
            String params = RemoteRequest.query(rawQuery);
            Call map = body == null
                    ? new Call(r, "GET", org.civicbroker.entitymap.EntityMaps.PATH
                            + RemoteRequest.restrict(params, registeredIds(r, query), registeredAttributes(r, query), ctx), null)
                    : new Call(r, "POST", org.civicbroker.entitymap.EntityMaps.PATH + params, body,
                            contentType == null ? org.civicbroker.common.http.MediaTypes.JSON : contentType);
            asked.add(client.send(r, map.method(), map.pathAndQuery(), federation.headers(r, headers, map.contentType()), map.body())
                    .map(reply -> SourceMaps.readMap(r, reply))
                    .onFailure().recoverWithNull()
                    .chain(c -> c != null ? Uni.createFrom().item(c) : byQuery));
        }
        return Uni.join().all(asked).andFailFast().map(all -> SourceMaps.collect(all, maxPerSource));
    }

    /** A registration's candidates asked as Query Entities asks them (failures give none: the pages report them). */
    private Uni<SourceMaps.SourceCandidates> candidatesByQuery(Registration r, EntityQuery query, byte[] body, String contentType,
            String rawQuery, HttpHeaders headers, LdContext ctx) {
        List<Call> calls = new ArrayList<>();
        if (body == null) {
            calls.add(new Call(r, "GET", "/ngsi-ld/v1/entities" + RemoteRequest.restrict(RemoteRequest.query(rawQuery),
                    registeredIds(r, query), registeredAttributes(r, query), ctx), null));
        } else if (r.accepts(Operations.QUERY_BATCH)) {
            calls.add(new Call(r, "POST", "/ngsi-ld/v1/entityOperations/query" + RemoteRequest.query(rawQuery), body,
                    contentType == null ? org.civicbroker.common.http.MediaTypes.JSON : contentType));
        } else {
            RemoteRequest.fromQueryBody(parseOrEmpty(body), rawQuery).forEach(q -> calls.add(new Call(r, "GET", "/ngsi-ld/v1/entities"
                    + RemoteRequest.restrict(q, registeredIds(r, query), registeredAttributes(r, query), ctx), null)));
        }
        return fetch(calls, headers, ctx).map(a -> new SourceMaps.SourceCandidates(r, a.idsBySource().getOrDefault(r.id(), List.of()), null));
    }

    /**
     * Clause 4.3.6.1: "all constraints specified in the registration shall be respected" by a distributed
     * request. The entity ids the registration's matching RegistrationInfos name (when each of their
     * EntityInfos names one), else empty.
     */
    static List<String> registeredIds(Registration r, EntityQuery query) {
        List<String> ids = new ArrayList<>();
        for (Registration.Info info : matchingInfos(r, query)) {
            if (info.entities().isEmpty()) {
                return List.of();
            }
            for (Registration.EntityInfo e : info.entities()) {
                if (e.id() == null) {
                    return List.of();
                }
                if (!ids.contains(e.id())) {
                    ids.add(e.id());
                }
            }
        }
        return ids;
    }

    /** The attribute IRIs the matching RegistrationInfos register (when each registers some), else empty. */
    static Set<String> registeredAttributes(Registration r, EntityQuery query) {
        Set<String> attrs = new java.util.LinkedHashSet<>();
        for (Registration.Info info : matchingInfos(r, query)) {
            if (info.attributes().isEmpty()) {
                return Set.of();
            }
            attrs.addAll(info.attributes());
        }
        return attrs;
    }

    private static List<Registration.Info> matchingInfos(Registration r, EntityQuery query) {
        List<EntityQuery.Selector> selectors = query.selectors().isEmpty()
                ? List.of(new EntityQuery.Selector(List.of(), null, null)) : query.selectors();
        List<Registration.Info> out = new ArrayList<>();
        for (Registration.Info info : r.information()) {
            for (EntityQuery.Selector s : selectors) {
                Pattern p = s.idPattern() == null ? null : Pattern.compile(s.idPattern());
                if (org.civicbroker.registration.RegistrationMatch.matches(info, s.ids(), s.type(), p, query.attrs())) {
                    out.add(info);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A query with a Query body (clause 5.7.2 via POST /entityOperations/query): a registration that takes
     * {@code queryBatch} gets the client's body as it was sent (same media type, same @context); one that takes
     * only {@code queryEntity} (clause 4.20: queries other than batch queries) gets the equivalent GET query,
     * one per entity selector, with the Query's attrs, q, geoQ, scopeQ, csf and lang as parameters.
     */
    @Override
    public Uni<Answer> queryBatch(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<EntityQuery.Selector> selectors = query.selectors().isEmpty()
                ? List.of(new EntityQuery.Selector(List.of(), null, null)) : query.selectors();
        List<Registration> batch = new ArrayList<>();
        List<Registration> single = new ArrayList<>();
        for (EntityQuery.Selector s : selectors) {
            Pattern p = s.idPattern() == null ? null : Pattern.compile(s.idPattern());
            for (Registration r : federation.matching(tenant, Operations.QUERY_BATCH, s.ids(), s.type(), p, query.attrs(), headers)) {
                if (!batch.contains(r)) {
                    batch.add(r);
                }
            }
            for (Registration r : federation.matching(tenant, Operations.QUERY_ENTITY, s.ids(), s.type(), p, query.attrs(), headers)) {
                if (!batch.contains(r) && !single.contains(r)) {
                    single.add(r);
                }
            }
        }
        if (batch.isEmpty() && single.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String params = RemoteRequest.query(rawQuery);
        List<Call> calls = new ArrayList<>();
        batch.forEach(r -> calls.add(new Call(r, "POST", "/ngsi-ld/v1/entityOperations/query" + params, body,
                contentType == null ? org.civicbroker.common.http.MediaTypes.JSON : contentType)));
        if (!single.isEmpty()) {
            JsonNode json;
            try {
                json = RequestReader.parse(body);
            } catch (RuntimeException e) {
                json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            List<String> gets = RemoteRequest.fromQueryBody(json, rawQuery);
            for (Registration r : single) {
                gets.forEach(q -> calls.add(new Call(r, "GET", "/ngsi-ld/v1/entities"
                        + RemoteRequest.restrict(q, registeredIds(r, query), registeredAttributes(r, query), ctx), null)));
            }
        }
        return fetch(calls, headers, ctx);
    }

    @Override
    public Uni<Answer> retrieve(Tenant tenant, String id, TypeQuery type, Set<String> attrs, String path, String rawQuery,
            HttpHeaders headers, LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<Registration> targets = new ArrayList<>(federation.matching(tenant, Operations.RETRIEVE_ENTITY, List.of(id), type, null, attrs, headers));
        List<Call> calls = new ArrayList<>();
        EntityQuery one = new EntityQuery(List.of(new EntityQuery.Selector(List.of(id), null, type)), attrs, null, null, null);
        targets.forEach(r -> calls.add(new Call(r, "GET", RemoteRequest.path(path)
                + RemoteRequest.restrict(RemoteRequest.query(rawQuery), List.of(), registeredAttributes(r, one), ctx), null)));
        // a source that only queries (clause 4.20 queryEntity, queryBatch) is asked for the entity by id and type
        for (Registration r : federation.matching(tenant, Operations.QUERY_ENTITY, List.of(id), type, null, attrs, headers)) {
            if (!targets.contains(r)) {
                targets.add(r);
                calls.add(new Call(r, "GET", "/ngsi-ld/v1/entities?id=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                        + "&type=" + java.net.URLEncoder.encode(typeOf(r, id, type, ctx), java.nio.charset.StandardCharsets.UTF_8), null));
            }
        }
        for (Registration r : federation.matching(tenant, Operations.QUERY_BATCH, List.of(id), type, null, attrs, headers)) {
            if (!targets.contains(r)) {
                targets.add(r);
                ObjectNode q = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                q.put("type", "Query");
                ObjectNode sel = q.putArray("entities").addObject();
                sel.put("id", id);
                sel.put("type", typeOf(r, id, type, ctx));
                calls.add(new Call(r, "POST", "/ngsi-ld/v1/entityOperations/query", q.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        if (calls.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return fetch(calls, headers, ctx);
    }

    /** The type to name in a query for one entity: the client's selection, else the registration's (clause 4.3.6.1). */
    private static String typeOf(Registration r, String id, TypeQuery type, LdContext ctx) {
        if (type != null) {
            List<String> names = new ArrayList<>();
            type.mentionedTypes().forEach(t -> names.add(ctx.compact(t)));
            return String.join(",", names);
        }
        for (Registration.Info info : r.information()) {
            for (Registration.EntityInfo e : info.entities()) {
                if (e.coversId(id)) {
                    List<String> names = new ArrayList<>();
                    e.types().forEach(t -> names.add(ctx.compact(t)));
                    return String.join(",", names);
                }
            }
        }
        return "*";
    }

    /** One request to a source; {@code extra}: headers besides those {@link Federation#headers} sets. */
    private record Call(Registration registration, String method, String pathAndQuery, byte[] body, String contentType,
            Map<String, String> extra) {
        Call(Registration registration, String method, String pathAndQuery, byte[] body, String contentType) {
            this(registration, method, pathAndQuery, body, contentType, Map.of());
        }

        Call(Registration registration, String method, String pathAndQuery, byte[] body) {
            this(registration, method, pathAndQuery, body, body == null ? null : org.civicbroker.common.http.MediaTypes.JSON);
        }
    }

    private Uni<Answer> fetch(List<Call> calls, HttpHeaders headers, LdContext ctx) {
        List<Uni<Result>> sent = new ArrayList<>();
        for (Call c : calls) {
            Registration r = c.registration();
            Map<String, String> h = federation.headers(r, headers, c.contentType());
            if (!c.extra().isEmpty()) {
                h = new java.util.LinkedHashMap<>(h);
                h.putAll(c.extra());
            }
            sent.add(client.send(r, c.method(), c.pathAndQuery(), h, c.body())
                    .map(reply -> read(r, reply, ctx))
                    .onFailure().recoverWithItem(e -> Result.failed(r, SourceWarning.noAnswer(r, e.getMessage()))));
        }
        return Uni.join().all(sent).andFailFast().map(results -> (Answer) new Merged(results));
    }



    private Result read(Registration r, SourceClient.Reply reply, LdContext clientCtx) {
        if (reply.status() == 404) {
            return new Result(r, List.of(), null, 0L);
        }
        if (!reply.ok()) {
            return Result.failed(r, SourceWarning.errorAnswer(r, reply.status()));
        }
        try {
            JsonNode body = RequestReader.parse(reply.body());
            String link = LinkHeader.contextUrl(reply.header("Link"));
            LdContext ctx = link != null ? contexts.resolveUrl(link) : clientCtx;
            List<Entity> out = new ArrayList<>();
            if (body.isArray()) {
                for (JsonNode e : body) {
                    out.add(entity(e, ctx));
                }
            } else {
                out.add(entity(body, ctx));
            }
            Long count = null;
            String header = reply.header(org.civicbroker.query.QueryEndpoint.COUNT_HEADER);
            if (header != null) {
                try {
                    count = Long.parseLong(header.trim());
                } catch (NumberFormatException e) {
                    count = null;
                }
            }
            return new Result(r, out, null, count);
        } catch (RuntimeException e) {
            LOG.debugf("Registration %s: answer not read: %s", r.id(), e.getMessage());
            return Result.failed(r, SourceWarning.invalidAnswer(r, e.getMessage()));
        }
    }

    private Entity entity(JsonNode json, LdContext ctx) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("an entity must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) json).deepCopy();
        JsonNode inline = copy.remove("@context");
        LdContext c = inline == null ? ctx : contexts.resolve(inline);
        return parser.parseEntity(copy, c);
    }

    /** {@code warning}: the NGSILD-Warning value when the source failed (see {@link SourceWarning}), else null. */
    private record Result(Registration registration, List<Entity> entities, String warning, Long count) {
        static Result failed(Registration r, String warning) {
            return new Result(r, List.of(), warning, 0L);
        }
    }

    /** The merge of the local entities with the sources' answers. */
    private static final class Merged implements Answer {
        private final List<Result> results;

        Merged(List<Result> results) {
            this.results = results;
        }

        @Override
        public List<Entity> merge(List<Entity> local) {
            Map<String, Entity> byId = new TreeMap<>();
            Map<String, List<EntityMerge.Part>> parts = new TreeMap<>();
            local.forEach(e -> byId.put(e.id(), e));
            for (Result r : results) {
                for (Entity e : r.entities()) {
                    parts.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(new EntityMerge.Part(e, r.registration().mode()));
                }
            }
            parts.forEach((id, ps) -> byId.put(id, EntityMerge.merge(byId.get(id), ps)));
            return new ArrayList<>(byId.values());
        }

        @Override
        public Long count(List<Entity> local, List<Entity> merged) {
            long sum = 0;
            int fetched = 0;
            for (Result r : results) {
                if (r.count() == null) {
                    return null;
                }
                sum += r.count();
                fetched += r.entities().size();
            }
            // entities fetched from more than one holder were counted once per holder
            return sum - (local.size() + fetched - merged.size());
        }

        @Override
        public Map<String, List<String>> idsBySource() {
            Map<String, List<String>> out = new java.util.LinkedHashMap<>();
            for (Result r : results) {
                List<String> ids = out.computeIfAbsent(r.registration().id(), k -> new ArrayList<>());
                r.entities().forEach(e -> {
                    if (!ids.contains(e.id())) {
                        ids.add(e.id());
                    }
                });
            }
            return out;
        }

        @Override
        public List<String> warnings() {
            List<String> out = new ArrayList<>();
            results.stream().filter(r -> r.warning() != null).forEach(r -> out.add(r.warning()));
            return Collections.unmodifiableList(out);
        }
    }
}
