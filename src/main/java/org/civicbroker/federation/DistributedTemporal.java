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
import java.util.regex.Pattern;
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
        List<Registration> targets = new ArrayList<>();
        if (!federation.active(tenant)) {
            return targets;
        }
        List<EntityQuery.Selector> selectors = query.selectors().isEmpty()
                ? List.of(new EntityQuery.Selector(List.of(), null, null)) : query.selectors();
        for (EntityQuery.Selector s : selectors) {
            Pattern p = s.idPattern() == null ? null : Pattern.compile(s.idPattern());
            for (Registration r : federation.matching(tenant, Operations.QUERY_TEMPORAL, s.ids(), s.type(), p, query.attrs(), headers)) {
                if (!targets.contains(r)) {
                    targets.add(r);
                }
            }
        }
        return targets;
    }

    @Override
    public Uni<Answer> retrieve(Tenant tenant, String id, Set<String> attrs, String path, String rawQuery, HttpHeaders headers,
            LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        List<Registration> targets = federation.matching(tenant, Operations.RETRIEVE_TEMPORAL, List.of(id), null, null,
                attrs == null ? Set.of() : attrs, headers);
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return fetch(targets, "GET", path + forwardedQuery(rawQuery), null, null, headers, ctx);
    }

    /**
     * The client's query string as a source gets it: without {@code local}; the representation (format, or
     * the temporalValues/aggregatedValues/simplified options) kept as one {@code options} value, since the
     * merge works on the representation every party rendered; paging as {@link RemoteRequest} does it.
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
            if (name.equals("format")) {
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
                options.add("aggregatedValues");
            }
        }
        if (!options.isEmpty()) {
            kept.add("options=" + String.join(",", options));
        }
        return RemoteRequest.query(String.join("&", kept));
    }

    private Uni<Answer> fetch(List<Registration> targets, String method, String pathAndQuery, byte[] body, String contentType,
            HttpHeaders headers, LdContext ctx) {
        List<Uni<Result>> sent = new ArrayList<>();
        for (Registration r : targets) {
            sent.add(client.send(r, method, pathAndQuery, federation.headers(r, headers, contentType), body)
                    .map(reply -> read(r, reply, ctx))
                    .onFailure().recoverWithItem(e -> Result.failed(r, SourceWarning.NO_ANSWER, e.getMessage())));
        }
        return Uni.join().all(sent).andFailFast().map(results -> (Answer) new Merged(results));
    }

    private Result read(Registration r, SourceClient.Reply reply, LdContext clientCtx) {
        if (reply.status() == 404) {
            return new Result(r, List.of(), 0, null, 0L);  // clause 6.3.17: not abnormal
        }
        if (!reply.ok()) {
            return Result.failed(r, SourceWarning.ERROR_ANSWER, "HTTP " + reply.status());
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
            return new Result(r, out, 0, null, count);
        } catch (RuntimeException e) {
            return Result.failed(r, SourceWarning.INVALID_ANSWER, "answer is not NGSI-LD: " + e.getMessage());
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

    private record Result(Registration registration, List<ObjectNode> entities, int code, String failure, Long count) {
        static Result failed(Registration r, int code, String why) {
            return new Result(r, List.of(), code, why == null ? "failed" : why, 0L);
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
            results.stream().filter(r -> r.failure() != null).forEach(r -> out.add(SourceWarning.header(r.code(),
                    r.registration().id() + " (" + r.registration().endpoint() + "): " + r.failure())));
            return Collections.unmodifiableList(out);
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
