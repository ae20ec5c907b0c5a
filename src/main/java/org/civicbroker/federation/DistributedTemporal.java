package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.registration.Operations;
import org.civicbroker.registration.Registration;
import org.civicbroker.temporal.RemoteTemporal;
import org.civicbroker.tenancy.Tenant;

/**
 * Distributed Retrieve Temporal Evolution of an Entity and Query Temporal Evolution of Entities (clauses 5.7.3.4,
 * 5.7.4.4, forwarding rules of clause 4.3.6; the query by GET or by POST with a Query body): the request goes at once to every registration that accepts
 * {@code retrieveTemporal} or {@code queryTemporal} (clause 4.20; no operation group includes them, so a
 * registration names them) and matches the entities and attributes (clause 5.12), with the client's parameters,
 * @context and Via as {@link Federation} forwards them, asking for the representation the client asked for
 * and, for a page beyond the first, everything up to the page's end ({@link RemoteRequest}). The answers are
 * merged with the local ones by {@link TemporalMerge}. A source that fails is reported in an NGSILD-Warning
 * header (clause 6.3.17: 299 for an error answer, 111 for an answer that is not NGSI-LD, 199 when it did not
 * answer in time or could not be reached) and the answer is built from the others; a 404 is an empty answer.
 */
@ApplicationScoped
public class DistributedTemporal implements RemoteTemporal {

    private static final Set<String> CORE = Set.of("@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt");
    private static final Set<String> REPRESENTATIONS = Set.of("keyvalues", "simplified", "concise", "temporalvalues",
            "aggregatedvalues", "normalized");

    private final Federation federation;
    private final SourceClient client;
    private final ContextResolver contexts;

    public DistributedTemporal(Federation federation, SourceClient client, ContextResolver contexts) {
        this.federation = federation;
        this.client = client;
        this.contexts = contexts;
    }

    @Override
    public Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx) {
        List<Registration> targets = targets(tenant, query, headers);
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return fetch(targets, "GET", "/ngsi-ld/v1/temporal/entities" + forwardedQuery(rawQuery), null, null, headers, ctx);
    }

    @Override
    public Uni<Answer> queryPost(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx) {
        List<Registration> targets = targets(tenant, query, headers);
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return fetch(targets, "POST", "/ngsi-ld/v1/temporal/entityOperations/query" + forwardedQuery(rawQuery), body,
                contentType, headers, ctx);
    }

    /** The registrations accepting queryTemporal that match one of the query's selectors (clause 5.12). */
    private List<Registration> targets(Tenant tenant, EntityQuery query, HttpHeaders headers) {
        return targets(tenant, query, headers, Operations.QUERY_TEMPORAL);
    }

    private List<Registration> targets(Tenant tenant, EntityQuery query, HttpHeaders headers, String operation) {
        return federation.matching(tenant, query, headers, List.of(operation));
    }

    @Override
    public Uni<Answer> retrieve(Tenant tenant, String id, Set<String> attrs, String path, String rawQuery, HttpHeaders headers,
            LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<Registration> targets = federation.matching(tenant, Operations.RETRIEVE_TEMPORAL, List.of(id), null, null,
                attrs == null ? Set.of() : attrs, headers);
        String forwarded = forwardedQuery(rawQuery);
        List<Call> calls = new ArrayList<>();
        targets.forEach(r -> calls.add(new Call(r, "GET", path + forwarded, null, null, Map.of())));
        // a source that only queries (clause 4.20 queryTemporal) is asked the temporal query for the entity by id
        // and type (the client's parameters otherwise)
        for (Registration r : federation.matching(tenant, Operations.QUERY_TEMPORAL, List.of(id), null, null,
                attrs == null ? Set.of() : attrs, headers)) {
            if (!targets.contains(r)) {
                String types = typesOf(r, id, ctx);
                calls.add(new Call(r, "GET", "/ngsi-ld/v1/temporal/entities?id=" + RemoteRequest.encode(id)
                        + (types == null ? "" : "&type=" + RemoteRequest.encode(types))
                        + (forwarded.isEmpty() ? "" : "&" + forwarded.substring(1)), null, null, Map.of()));
            }
        }
        return calls.isEmpty() ? Uni.createFrom().nullItem() : fetch(calls, headers, ctx);
    }

    /** The types the registration gives the entity (clause 4.3.6.1), in the client's terms, or null. */
    private static String typesOf(Registration r, String id, LdContext ctx) {
        for (Registration.Info info : r.information()) {
            for (Registration.EntityInfo e : info.entities()) {
                if (e.coversId(id) && !e.types().isEmpty()) {
                    List<String> names = new ArrayList<>();
                    e.types().forEach(t -> names.add(ctx.compact(t)));
                    return String.join(",", names);
                }
            }
        }
        return null;
    }

    /**
     * The client's query string as a source gets it: without {@code local}; the representation (format, or
     * the temporalValues/aggregatedValues/simplified options) kept as one {@code options} value, since the
     * merge works on the representation every party rendered; paging as {@link RemoteRequest} does it. An
     * aggregated query asks for the values (temporalValues, without aggrMethods and aggrPeriodDuration): the
     * aggregates of two holders of an attribute cannot be combined exactly, their merged values can be
     * aggregated (clause 4.5.19; the temporal package does it).
     */
    static String forwardedQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String representation = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name.equals("aggrMethods") || name.equals("aggrPeriodDuration")) {
                continue;
            } else if (name.equals("format")) {
                representation = value;
            } else if (name.equals("options")) {
                for (String o : value.split("%2C|%2c|,")) {
                    String lower = o.toLowerCase(Locale.ROOT);
                    if (REPRESENTATIONS.contains(lower)) {
                        representation = representation != null ? representation : o;
                    } else if (!o.isEmpty()) {
                        options.add(o);
                    }
                }
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        if (representation != null) {
            String lower = representation.toLowerCase(Locale.ROOT);
            // clause 4.5.9: in the temporal API the simplified representation is temporalValues
            if (lower.equals("temporalvalues") || lower.equals("simplified") || lower.equals("keyvalues")) {
                options.add("temporalValues");
            } else if (lower.equals("aggregatedvalues")) {
                options.add("temporalValues");
            }
        }
        if (!options.isEmpty()) {
            kept.add("options=" + String.join(",", options));
        }
        return RemoteRequest.query(String.join("&", kept));
    }

    private Uni<Answer> fetch(List<Registration> targets, String method, String pathAndQuery, byte[] body, String contentType,
            HttpHeaders headers, LdContext ctx) {
        return fetch(targets.stream().map(r -> new Call(r, method, pathAndQuery, body, contentType, Map.of())).toList(), headers, ctx);
    }

    /** One request to a source; {@code extra}: headers besides those {@link Federation#headers} sets. */
    private record Call(Registration registration, String method, String pathAndQuery, byte[] body, String contentType,
            Map<String, String> extra) {
    }

    private Uni<Answer> fetch(List<Call> calls, HttpHeaders headers, LdContext ctx) {
        List<Uni<Result>> sent = new ArrayList<>();
        for (Call c : calls) {
            Registration r = c.registration();
            Map<String, String> h = new java.util.LinkedHashMap<>(federation.headers(r, headers, c.contentType()));
            h.putAll(c.extra());
            sent.add(client.send(r, c.method(), c.pathAndQuery(), h, c.body())
                    .map(reply -> read(r, reply, ctx))
                    .onFailure().recoverWithItem(e -> Result.failed(SourceWarning.noAnswer(r, e.getMessage()))));
        }
        return Uni.join().all(sent).andFailFast().map(results -> (Answer) new Merged(results));
    }

    /**
     * The candidates of a temporal EntityMap at the sources (clause 5.14.5): a registration that takes
     * createEntityMapQueryTemporal is asked to make its own map ({@code GET /temporal/entityMaps} with the query's
     * parameters, or {@code POST} with the client's Query body); a source that cannot, and every other
     * registration that takes queryTemporal, is asked the temporal query and its entities' ids taken.
     */
    @Override
    public Uni<org.civicbroker.query.RemoteEntities.Candidates> candidates(Tenant tenant, EntityQuery query, byte[] body,
            String contentType, String rawQuery, HttpHeaders headers, LdContext ctx, int maxPerSource) {
        List<Registration> targets = targets(tenant, query, headers, Operations.QUERY_TEMPORAL);
        for (Registration r : targets(tenant, query, headers, Operations.CREATE_MAP_QUERY_TEMPORAL)) {
            if (!targets.contains(r)) {
                targets.add(r);
            }
        }
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String params = forwardedQuery(rawQuery);
        List<Uni<SourceMaps.SourceCandidates>> asked = new ArrayList<>();
        for (Registration r : targets) {
            Call byQuery = body == null
                    ? new Call(r, "GET", "/ngsi-ld/v1/temporal/entities" + params, null, null, Map.of())
                    : new Call(r, "POST", "/ngsi-ld/v1/temporal/entityOperations/query" + params, body, contentType, Map.of());
            Uni<SourceMaps.SourceCandidates> queried = Uni.createFrom().deferred(() -> fetch(List.of(byQuery), headers, ctx)
                    .map(a -> new SourceMaps.SourceCandidates(r, ((Merged) a).ids(), null)));
            if (!r.accepts(Operations.CREATE_MAP_QUERY_TEMPORAL)) {
                asked.add(queried);
                continue;
            }
            String path = "/ngsi-ld/v1/temporal/entityMaps" + params;
            asked.add(client.send(r, body == null ? "GET" : "POST", path, federation.headers(r, headers, body == null ? null : contentType), body)
                    .map(reply -> SourceMaps.readMap(r, reply))
                    .onFailure().recoverWithNull()
                    .chain(c -> c != null ? Uni.createFrom().item(c) : queried));
        }
        return Uni.join().all(asked).andFailFast().map(all -> SourceMaps.collect(all, maxPerSource));
    }

    /**
     * A temporal query over an EntityMap: each registration the map names (that still takes queryTemporal) is
     * asked for the map's ids of it: by GET with the client's parameters and {@code id}, or by POST with the
     * client's Query whose entity selectors become one per id (with the selectors' type when each names one).
     */
    @Override
    public Uni<Answer> query(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx, Map<String, List<String>> only, Map<String, String> linkedMaps) {
        if (!federation.active(tenant) || only.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<Call> calls = new ArrayList<>();
        for (Registration r : federation.matching(tenant, Operations.QUERY_TEMPORAL, List.of(), null, null, List.of(), headers)) {
            List<String> ids = only.get(r.id());
            if (ids == null || ids.isEmpty()) {
                continue;
            }
            String linked = linkedMaps.get(r.id());
            Map<String, String> extra = linked == null ? Map.of()
                    : Map.of(org.civicbroker.entitymap.EntityMaps.HEADER, org.civicbroker.entitymap.EntityMaps.PATH + "/" + linked);
            if (body == null) {
                String forwarded = RemoteRequest.withoutIds(forwardedQuery(rawQuery));
                calls.add(new Call(r, "GET", "/ngsi-ld/v1/temporal/entities" + forwarded + (forwarded.isEmpty() ? "?" : "&") + "id="
                        + java.net.URLEncoder.encode(String.join(",", ids), java.nio.charset.StandardCharsets.UTF_8)
                                .replace("%3A", ":").replace("%2C", ","), null, null, extra));
            } else {
                calls.add(new Call(r, "POST", "/ngsi-ld/v1/temporal/entityOperations/query" + forwardedQuery(rawQuery),
                        RemoteRequest.withIds(body, ids), contentType, extra));
            }
        }
        return calls.isEmpty() ? Uni.createFrom().nullItem() : fetch(calls, headers, ctx);
    }

    private Result read(Registration r, SourceClient.Reply reply, LdContext clientCtx) {
        if (reply.status() == 404) {
            return new Result(r, List.of(), null, 0L, null);  // clause 6.3.17: not abnormal
        }
        if (!reply.ok()) {
            return Result.failed(SourceWarning.errorAnswer(r, reply.status()));
        }
        try {
            JsonNode body = RequestReader.parse(reply.body());
            String link = LinkHeader.contextUrl(reply.header("Link"));
            LdContext sourceCtx = link != null ? contexts.resolveUrl(link) : clientCtx;
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode e : body.isArray() ? body : List.of(body)) {
                out.add(entity(e, sourceCtx, clientCtx));
            }
            Long count = null;
            String header = reply.header(QueryEndpoint.COUNT_HEADER);
            if (header != null) {
                try {
                    count = Long.parseLong(header.trim());
                } catch (NumberFormatException e) {
                    count = null;
                }
            }
            return new Result(r, out, null, count, reply.status() == 206 ? reply.header("Content-Range") : null);
        } catch (RuntimeException e) {
            return Result.failed(SourceWarning.invalidAnswer(r, e.getMessage()));
        }
    }

    /** A temporal entity with its attribute and type names in the client's @context. */
    private ObjectNode entity(JsonNode json, LdContext sourceCtx, LdContext clientCtx) {
        if (!json.isObject() || !json.path("id").isTextual()) {
            throw new IllegalArgumentException("a temporal entity must be a JSON object with an id");
        }
        ObjectNode in = ((ObjectNode) json).deepCopy();
        JsonNode inline = in.remove("@context");
        LdContext from = inline == null ? sourceCtx : contexts.resolve(inline);
        if (from == clientCtx || from.linkUrl().isPresent() && from.linkUrl().equals(clientCtx.linkUrl())) {
            return in;
        }
        ObjectNode out = in.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = in.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> kv = it.next();
            String name = kv.getKey();
            if (name.equals("type")) {
                JsonNode t = kv.getValue();
                if (t.isArray()) {
                    ArrayNode a = out.putArray("type");
                    t.forEach(x -> a.add(clientCtx.compact(from.expand(x.asText()))));
                } else {
                    out.put("type", clientCtx.compact(from.expand(t.asText())));
                }
            } else {
                out.set(CORE.contains(name) ? name : clientCtx.compact(from.expand(name)), kv.getValue());
            }
        }
        return out;
    }

    /** {@code failure}: the NGSILD-Warning value when the source failed ({@link SourceWarning}), else null. */
    private record Result(Registration registration, List<ObjectNode> entities, String failure, Long count, String contentRange) {
        static Result failed(String warning) {
            return new Result(null, List.of(), warning, 0L, null);
        }
    }

    /** The merge of the local temporal entities with the sources' answers. */
    private static final class Merged implements Answer {
        private final List<Result> results;

        Merged(List<Result> results) {
            this.results = results;
        }

        @Override
        public List<ObjectNode> merge(List<ObjectNode> local, Integer lastN, String timeproperty) {
            List<TemporalMerge.Part> parts = new ArrayList<>();
            results.forEach(r -> r.entities().forEach(e -> parts.add(new TemporalMerge.Part(e, r.registration().mode()))));
            return TemporalMerge.merge(local, parts, timeproperty, lastN);
        }

        @Override
        public List<String> warnings() {
            List<String> out = new ArrayList<>();
            results.stream().filter(r -> r.failure() != null).forEach(r -> out.add(r.failure()));
            return Collections.unmodifiableList(out);
        }

        /** The ids of the entities the sources answered. */
        List<String> ids() {
            List<String> out = new ArrayList<>();
            results.forEach(r -> r.entities().forEach(e -> {
                String id = e.path("id").asText();
                if (!out.contains(id)) {
                    out.add(id);
                }
            }));
            return out;
        }

        @Override
        public List<String> contentRanges() {
            return results.stream().map(Result::contentRange).filter(java.util.Objects::nonNull).toList();
        }

        @Override
        public Long count(List<ObjectNode> local, List<ObjectNode> merged) {
            long sum = 0;
            long fetched = 0;
            for (Result r : results) {
                if (r.failure() != null) {
                    continue;
                }
                if (r.count() == null) {
                    return null;
                }
                sum += r.count();
                fetched += r.entities().size();
            }
            // entities fetched from more than one holder were counted once per holder
            return sum - (local.size() + fetched - merged.size());
        }
    }
}
