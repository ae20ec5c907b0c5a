package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.entity.RemoteWrites;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.registration.Mode;
import org.civicbroker.registration.Registration;
import org.civicbroker.tenancy.Tenant;

/**
 * Distributed provision (clauses 4.3.6.2, 4.3.6.3, 5.6): for a write that matching registrations accept
 * (clause 4.20), an inclusive registration gets the same request as this broker; exclusive and redirect
 * registrations own what they register, so the attributes they name (the whole entity when they name none)
 * go only to their sources and the rest is written here. A batch is split entity by entity the same way.
 * The write runs here first: a request this broker finds invalid (400) is refused before any source sees
 * it. When every part succeeds the answer is the local one (or the source's, when nothing ran here);
 * otherwise 207 with {@code success} and {@code errors}, each error naming its registration and carrying the
 * ProblemDetails of what failed (clause 4.3.6.1: distributed operations can partially succeed).
 */
@ApplicationScoped
public class DistributedWrites implements RemoteWrites {

    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "@context", "scope");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Federation federation;
    private final SourceClient client;
    private final RequestReader reader;
    private final EntityRepository entities;
    private final org.civicbroker.jsonld.ContextResolver contexts;

    public DistributedWrites(Federation federation, SourceClient client, RequestReader reader, EntityRepository entities,
            org.civicbroker.jsonld.ContextResolver contexts) {
        this.contexts = contexts;
        this.federation = federation;
        this.client = client;
        this.reader = reader;
        this.entities = entities;
    }

    /** One request to one source. */
    private record Forward(Registration registration, byte[] body) {
    }

    /** What runs where. */
    private record Plan(boolean runLocal, byte[] localBody, List<Forward> forwards) {
    }

    @Override
    public Uni<Response> run(Write w, Function<byte[], Uni<Response>> local) {
        Tenant tenant = w.tenant();
        if (!federation.active(tenant) || isLocal(w.rawQuery())) {
            return local.apply(w.body());
        }
        return types(w).chain(types -> {
            Plan plan = plan(w, types);
            if (plan.forwards().isEmpty()) {
                return local.apply(plan.localBody());
            }
            Uni<Outcome> here = plan.runLocal()
                    ? local.apply(plan.localBody()).map(Outcome::of).onFailure(NgsiException.class)
                            .recoverWithItem(e -> Outcome.of((NgsiException) e))
                    : Uni.createFrom().nullItem();
            return here.chain(mine -> {
                if (mine != null && mine.badRequest()) {
                    return Uni.createFrom().item(mine.answer());
                }
                return forward(w, plan.forwards()).map(theirs -> isBatch(w) ? composeBatch(mine, theirs, w, plan) : compose(mine, theirs, w));
            });
        });
    }

    private static boolean isLocal(String rawQuery) {
        String v = QueryString.parse(rawQuery).getFirst("local");
        return v != null && v.equalsIgnoreCase("true");
    }

    /** The types of the entity the write concerns: the body's, else the stored entity's, else unknown (null). */
    private Uni<List<String>> types(Write w) {
        if (w.entityId() == null) {
            return Uni.createFrom().item(List.<String>of());
        }
        JsonNode body = json(w);
        if (body != null && body.isObject() && body.has("type") && !"updateAttrs".equals(w.operation())) {
            LdContext ctx = context(w);
            List<String> types = new ArrayList<>();
            JsonNode t = body.get("type");
            if (t.isTextual()) {
                types.add(ctx.expand(t.textValue()));
            } else if (t.isArray()) {
                t.forEach(x -> types.add(ctx.expand(x.asText())));
            }
            if (!types.isEmpty()) {
                return Uni.createFrom().item(types);
            }
        }
        return entities.find(w.tenant(), w.entityId()).map(v -> v == null ? null : v.entity().types())
                .onFailure().recoverWithNull();
    }

    private Plan plan(Write w, List<String> knownTypes) {
        JsonNode body = json(w);
        LdContext ctx = context(w);
        if (body != null && body.isArray()) {
            return planBatch(w, (ArrayNode) body, ctx);
        }
        Set<String> attrs = new LinkedHashSet<>();
        if (w.attribute() != null) {
            attrs.add(ctx.expand(w.attribute()));
        } else if (body != null && body.isObject()) {
            body.fieldNames().forEachRemaining(n -> {
                if (!ENTITY_MEMBERS.contains(n)) {
                    attrs.add(ctx.expand(n));
                }
            });
        }
        String id = w.entityId() != null ? w.entityId() : body != null && body.hasNonNull("id") ? body.get("id").asText() : null;
        List<String> types = knownTypes;
        if ((types == null || types.isEmpty()) && body != null && body.isObject() && body.has("type")) {
            types = new ArrayList<>();
            JsonNode t = body.get("type");
            if (t.isTextual()) {
                types.add(ctx.expand(t.textValue()));
            } else {
                for (JsonNode x : t) {
                    types.add(ctx.expand(x.asText()));
                }
            }
        }
        TypeQuery type = types == null || types.isEmpty() ? null : anyOf(types);
        String typeParam = QueryString.parse(w.rawQuery()).getFirst("type");
        if (type == null && typeParam != null) {
            // purge (clause 5.6.21) and writes that name the type in the query string
            try {
                type = TypeQuery.parse(typeParam).resolve(ctx::expand);
            } catch (RuntimeException e) {
                type = null;
            }
        }
        List<Registration> regs = id == null && !"purgeEntity".equals(w.operation()) ? List.of()
                : federation.matching(w.tenant(), w.operation(), id == null ? List.of() : List.of(id), type, null, attrs, w.headers());
        List<Forward> forwards = new ArrayList<>();
        Set<String> owned = new LinkedHashSet<>();
        boolean ownsAll = false;
        for (Registration r : regs) {
            if (r.mode() == Mode.AUXILIARY) {
                continue;
            }
            Set<String> registered = registeredAttributes(r, id, types);
            byte[] remoteBody = w.body();
            if (r.mode().proxied()) {
                if (registered.isEmpty()) {
                    ownsAll = true;
                } else {
                    owned.addAll(registered);
                    if (body != null && body.isObject() && w.attribute() == null) {
                        remoteBody = bytes(keep((ObjectNode) body, registered, ctx, true));
                    }
                }
            }
            forwards.add(new Forward(r, remoteBody));
        }
        boolean runLocal = !ownsAll;
        byte[] localBody = w.body();
        if (runLocal && !owned.isEmpty()) {
            if (w.attribute() != null) {
                runLocal = !owned.contains(ctx.expand(w.attribute()));
            } else if (body != null && body.isObject()) {
                ObjectNode rest = keep((ObjectNode) body, owned, ctx, false);
                localBody = bytes(rest);
                boolean hasAttrs = false;
                for (var it = rest.fieldNames(); it.hasNext(); ) {
                    hasAttrs |= !ENTITY_MEMBERS.contains(it.next());
                }
                runLocal = hasAttrs || "createEntity".equals(w.operation()) || "replaceEntity".equals(w.operation());
            }
        }
        return new Plan(runLocal, localBody, forwards);
    }

    /** A batch (array of entities or ids): each entity goes where its registrations say. */
    private Plan planBatch(Write w, ArrayNode items, LdContext requestCtx) {
        Map<Registration, ArrayNode> perSource = new LinkedHashMap<>();
        ArrayNode here = F.arrayNode();
        for (JsonNode item : items) {
            // in an application/ld+json batch each entity carries its own @context (clause 6.3.5)
            LdContext ctx = item.isObject() && item.has("@context") ? resolve(item.get("@context"), requestCtx) : requestCtx;
            String id = item.isTextual() ? item.textValue() : item.path("id").asText(null);
            List<String> types = new ArrayList<>();
            Set<String> attrs = new LinkedHashSet<>();
            if (item.isObject()) {
                JsonNode t = item.get("type");
                if (t != null && t.isTextual()) {
                    types.add(ctx.expand(t.textValue()));
                } else if (t != null && t.isArray()) {
                    t.forEach(x -> types.add(ctx.expand(x.asText())));
                }
                item.fieldNames().forEachRemaining(n -> {
                    if (!ENTITY_MEMBERS.contains(n)) {
                        attrs.add(ctx.expand(n));
                    }
                });
            }
            List<Registration> regs = id == null ? List.of() : federation.matching(w.tenant(), w.operation(), List.of(id),
                    types.isEmpty() ? null : anyOf(types), null, attrs, w.headers());
            // as for one entity (clauses 5.6.7-5.6.10, 5.6.20 defer to the single-entity rules): the attributes an
            // exclusive or redirect registration defines go to its source only, the whole entity when it defines
            // none; inclusive sources get what remains; this broker keeps the rest when attributes remain (an entity
            // id of a batch delete is deleted here unless a proxied registration owns the whole entity)
            boolean ownsAll = false;
            Set<String> owned = new LinkedHashSet<>();
            List<Registration> inclusive = new ArrayList<>();
            for (Registration r : regs) {
                if (r.mode() == Mode.AUXILIARY) {
                    continue;
                }
                if (!r.mode().proxied()) {
                    inclusive.add(r);
                    continue;
                }
                Set<String> registered = registeredAttributes(r, id, types);
                JsonNode part = item;
                if (registered.isEmpty()) {
                    ownsAll = true;
                } else {
                    owned.addAll(registered);
                    if (item.isObject()) {
                        part = keep((ObjectNode) item, registered, ctx, true);
                    }
                }
                perSource.computeIfAbsent(r, k -> F.arrayNode()).add(part.deepCopy());
            }
            JsonNode rest = item.isObject() && !owned.isEmpty() ? keep((ObjectNode) item, owned, ctx, false) : item;
            for (Registration r : inclusive) {
                perSource.computeIfAbsent(r, k -> F.arrayNode()).add(rest.deepCopy());
            }
            if (!ownsAll && (owned.isEmpty() || !item.isObject() || hasAttributes(rest))) {
                here.add(rest.deepCopy());
            }
        }
        List<Forward> forwards = new ArrayList<>();
        perSource.forEach((r, part) -> forwards.add(new Forward(r, bytes(part))));
        return new Plan(!here.isEmpty(), bytes(here), forwards);
    }

    private static boolean hasAttributes(JsonNode entity) {
        for (var it = entity.fieldNames(); it.hasNext(); ) {
            if (!ENTITY_MEMBERS.contains(it.next())) {
                return true;
            }
        }
        return false;
    }

    /** The attribute IRIs the registration registers for this entity (empty = the whole entity). */
    private static Set<String> registeredAttributes(Registration r, String id, List<String> types) {
        Set<String> out = new LinkedHashSet<>();
        // no known types (a batch delete names ids only): any type
        List<String> known = types == null || types.isEmpty() ? null : types;
        for (Registration.Info info : r.information()) {
            boolean entity = info.entities().isEmpty() || info.entities().stream().anyMatch(e -> e.covers(id, known));
            if (!entity) {
                continue;
            }
            if (info.attributes().isEmpty()) {
                return Set.of();
            }
            out.addAll(info.attributes());
        }
        return out;
    }

    /** The entity members and the attributes in (keep=true) or not in (keep=false) the set. */
    private static ObjectNode keep(ObjectNode body, Set<String> iris, LdContext ctx, boolean keep) {
        ObjectNode out = F.objectNode();
        body.fields().forEachRemaining(f -> {
            boolean member = ENTITY_MEMBERS.contains(f.getKey());
            if (member || iris.contains(ctx.expand(f.getKey())) == keep) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return out;
    }

    private Uni<List<Sent>> forward(Write w, List<Forward> forwards) {
        List<Uni<Sent>> calls = new ArrayList<>();
        String contentType = w.headers().getHeaderString(HttpHeaders.CONTENT_TYPE);
        String query = w.rawQuery() == null || w.rawQuery().isEmpty() ? "" : "?" + w.rawQuery();
        for (Forward f : forwards) {
            Map<String, String> headers = federation.headers(f.registration(), w.headers(), f.body() == null ? null : contentType);
            calls.add(client.send(f.registration(), w.method(), RemoteRequest.path(w.path()) + query, headers, f.body())
                    .map(reply -> new Sent(f.registration(), reply, null, f.body()))
                    .onFailure().recoverWithItem(e -> new Sent(f.registration(), null, e.getMessage(), f.body())));
        }
        return Uni.join().all(calls).andFailFast();
    }

    private record Sent(Registration registration, SourceClient.Reply reply, String failure, byte[] body) {
        boolean ok() {
            return reply != null && reply.ok() && reply.status() != 207;
        }
    }

    /** The local outcome: the response, or the error as a response. */
    private record Outcome(Response response, NgsiException error) {
        static Outcome of(Response r) {
            return new Outcome(r, null);
        }

        static Outcome of(NgsiException e) {
            return new Outcome(null, e);
        }

        boolean badRequest() {
            return error != null && error.type().status() == 400;
        }

        boolean ok() {
            return response != null && response.getStatus() / 100 == 2 && response.getStatus() != 207;
        }

        Response answer() {
            if (response != null) {
                return response;
            }
            throw error;
        }
    }

    private boolean isBatch(Write w) {
        JsonNode body = json(w);
        return w.entityId() == null && body != null && body.isArray();
    }

    /**
     * The answer of a batch that ran here and at sources (clauses 5.6.7-5.6.10, 5.6.20): when every part
     * succeeded, as for one entity; otherwise a 207 BatchOperationResult (clause 5.2.16) whose {@code success}
     * holds the ids that succeeded everywhere they were sent and whose {@code errors} hold one BatchEntityError
     * per entity that failed here or at a source (a source's own 207 is taken entity by entity; a source that
     * failed as a whole fails every entity sent to it, its ProblemDetails naming the registration).
     */
    private Response composeBatch(Outcome mine, List<Sent> theirs, Write w, Plan plan) {
        boolean allOk = (mine == null || mine.ok()) && theirs.stream().allMatch(Sent::ok);
        if (allOk) {
            return compose(mine, theirs, w);
        }
        Set<String> success = new LinkedHashSet<>();
        Map<String, JsonNode> errors = new LinkedHashMap<>();
        if (mine != null) {
            if (mine.error != null) {
                ObjectNode p = problem(mine.error.type(), mine.error.getMessage(), mine.error.type().status());
                ids(plan.localBody()).forEach(id -> errors.putIfAbsent(id, p));
            } else {
                takeResult(mine.response.getStatus(), mine.response.getEntity() instanceof JsonNode j ? j : null,
                        ids(plan.localBody()), success, errors, null);
            }
        }
        for (Sent s : theirs) {
            List<String> ids = ids(s.body());
            if (s.reply() == null) {
                ObjectNode p = problem(ErrorType.GATEWAY_TIMEOUT, "registration " + s.registration().id() + " ("
                        + s.registration().endpoint() + "): " + s.failure(), 504);
                ids.forEach(id -> errors.putIfAbsent(id, p));
                continue;
            }
            takeResult(s.reply().status(), parse(s.reply().body()), ids, success, errors, s.registration());
        }
        success.removeAll(errors.keySet());
        ObjectNode out = F.objectNode();
        ArrayNode ok = out.putArray("success");
        success.forEach(ok::add);
        ArrayNode list = out.putArray("errors");
        errors.forEach((id, problem) -> {
            ObjectNode e = list.addObject();
            e.put("entityId", id);
            e.set("error", problem);
        });
        return Response.status(207).type(MediaTypes.JSON).entity(out).build();
    }

    /** Reads one party's batch answer: 2xx = every id sent succeeded, 207 = its BatchOperationResult, else all failed. */
    private static void takeResult(int status, JsonNode body, List<String> sent, Set<String> success, Map<String, JsonNode> errors,
            Registration source) {
        if (status == 207 && body != null && body.isObject()) {
            body.path("success").forEach(id -> success.add(id.asText()));
            body.path("errors").forEach(e -> errors.putIfAbsent(e.path("entityId").asText(), e.path("error")));
            return;
        }
        if (status / 100 == 2) {
            success.addAll(sent);
            return;
        }
        JsonNode p = body != null && body.isObject() && body.has("type") && body.has("status") ? body
                : problem(ErrorType.INTERNAL_ERROR, (source == null ? "" : "registration " + source.id() + " (" + source.endpoint() + "): ")
                        + "HTTP " + status, status);
        sent.forEach(id -> errors.putIfAbsent(id, p));
    }

    /** The entity ids of a batch body (an array of entities or of ids). */
    private static List<String> ids(byte[] body) {
        List<String> out = new ArrayList<>();
        JsonNode n = parse(body);
        if (n != null && n.isArray()) {
            n.forEach(item -> {
                String id = item.isTextual() ? item.textValue() : item.path("id").asText(null);
                if (id != null && !out.contains(id)) {
                    out.add(id);
                }
            });
        }
        return out;
    }

    private Response compose(Outcome mine, List<Sent> theirs, Write w) {
        if (mine != null && mine.error != null && mine.error.type() == ErrorType.RESOURCE_NOT_FOUND
                && theirs.stream().anyMatch(Sent::ok)) {
            // the entity or attribute is not held here but a source took the write: nothing failed here
            mine = null;
        }
        boolean allOk = (mine == null || mine.ok()) && theirs.stream().allMatch(Sent::ok);
        if (allOk) {
            if (mine != null) {
                return mine.answer();
            }
            SourceClient.Reply first = theirs.get(0).reply();
            Response.ResponseBuilder b = Response.status(first.status());
            if (first.status() == 201 && w.entityId() == null && "createEntity".equals(w.operation())) {
                String id = idOf(w);
                if (id != null) {
                    b.header(HttpHeaders.LOCATION, org.civicbroker.common.http.Locations.of("/ngsi-ld/v1/entities/", id));
                }
            }
            return b.build();
        }
        ObjectNode out = F.objectNode();
        ArrayNode success = out.putArray("success");
        ArrayNode errors = out.putArray("errors");
        if (mine != null) {
            if (mine.ok() || mine.response != null && mine.response.getStatus() / 100 == 2) {
                success.add(federation.alias());
            } else {
                NgsiException e = mine.error;
                ObjectNode err = errors.addObject();
                err.set("error", problem(e == null ? ErrorType.INTERNAL_ERROR : e.type(),
                        e == null ? "HTTP " + mine.response.getStatus() : e.getMessage(), e == null ? mine.response.getStatus() : e.type().status()));
            }
        }
        for (Sent s : theirs) {
            if (s.ok()) {
                success.add(s.registration().endpoint());
                continue;
            }
            ObjectNode err = errors.addObject();
            err.put("registrationId", s.registration().id());
            if (s.reply() == null) {
                err.set("error", problem(ErrorType.GATEWAY_TIMEOUT, s.registration().endpoint() + ": " + s.failure(), 504));
            } else {
                JsonNode remote = parse(s.reply().body());
                if (remote != null && remote.isObject() && remote.has("type") && remote.has("status")) {
                    err.set("error", remote);
                } else {
                    err.set("error", problem(ErrorType.INTERNAL_ERROR, s.registration().endpoint() + " answered HTTP "
                            + s.reply().status(), s.reply().status()));
                }
            }
        }
        return Response.status(207).type(MediaTypes.JSON).entity(out).build();
    }

    private static ObjectNode problem(ErrorType type, String detail, int status) {
        ObjectNode p = F.objectNode();
        p.put("type", type.uri());
        p.put("title", type.title());
        p.put("status", status);
        p.put("detail", detail);
        return p;
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return RequestReader.mapper().readTree(bytes);
        } catch (Exception e) {
            return null;
        }
    }

    private static String idOf(Write w) {
        JsonNode body = parse(w.body());
        return body != null && body.hasNonNull("id") ? body.get("id").asText() : null;
    }

    private JsonNode json(Write w) {
        return w.body() == null || w.body().length == 0 ? null : parse(w.body());
    }

    private LdContext context(Write w) {
        try {
            return w.body() == null || w.body().length == 0 ? reader.context(w.headers()) : reader.read(w.headers(), w.body(), true).context();
        } catch (RuntimeException e) {
            return reader.context(w.headers());
        }
    }

    private LdContext resolve(JsonNode context, LdContext fallback) {
        try {
            return contexts.resolve(context);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static TypeQuery anyOf(List<String> types) {
        List<org.civicbroker.query.lang.BoolExpr<String>> leaves = new ArrayList<>();
        types.forEach(t -> leaves.add(new org.civicbroker.query.lang.BoolExpr.Leaf<>(t)));
        return new TypeQuery(leaves.size() == 1 ? leaves.get(0) : new org.civicbroker.query.lang.BoolExpr.Or<>(leaves));
    }

}
