package org.civicbroker.registration.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.Locations;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.PageLinks;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Uris;
import org.civicbroker.query.lang.Options;
import org.civicbroker.subscription.SubscriptionRenderer;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Registration subscriptions (clause 5.11; OpenAPI paths /csourceSubscriptions...). */
@Path("/ngsi-ld/v1/csourceSubscriptions")
@Consumes(MediaType.WILDCARD)
public class CsourceSubscriptionResource {

    static final String BASE = "/ngsi-ld/v1/csourceSubscriptions/";
    private static final Set<String> READ_ONLY = Set.of("status", "createdAt", "modifiedAt", "deletedAt", "timesSent",
            "timesFailed", "lastNotification", "lastSuccess", "lastFailure");

    private final CsourceSubscriptionRegistry registry;
    private final CsourceNotifier notifier;
    private final RequestReader reader;
    private final ContextResolver contexts;
    private final TenantRegistry tenants;
    private final int defaultLimit;
    private final int maxLimit;

    /** Credentials in receiverInfo / contextSourceInfo: references or encrypted (docs/security.md, "Outgoing calls"). */
    @jakarta.inject.Inject
    org.civicbroker.outgoing.Secrets secrets;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public CsourceSubscriptionResource(CsourceSubscriptionRegistry registry, CsourceNotifier notifier, RequestReader reader,
            ContextResolver contexts, TenantRegistry tenants,
            @ConfigProperty(name = "civic.query.default-limit", defaultValue = "20") int defaultLimit,
            @ConfigProperty(name = "civic.query.max-limit", defaultValue = "1000") int maxLimit) {
        this.registry = registry;
        this.notifier = notifier;
        this.reader = reader;
        this.contexts = contexts;
        this.tenants = tenants;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    /** Create registration subscription (clause 5.11.2): 201 with Location, 409 when the id exists. */
    @POST
    public Uni<Response> create(byte[] body) {
        QueryParams.parse(request.query(), Set.of("local"));
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        ObjectNode source = secrets.protect(source(b.json()));  // no credential stored in clear
        JsonNode idNode = source.remove("id");
        if (idNode != null && !idNode.isNull() && !(idNode.isTextual() && Uris.isAbsoluteUri(idNode.textValue()))) {
            throw NgsiException.badData("The subscription id must be an absolute URI");
        }
        String id = idNode != null && idNode.isTextual() ? idNode.textValue() : "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        Instant now = Instant.now();
        CsourceSubscription s = CsourceSubscriptionParser.parse(source, b.context(), contextValue(b), id, tenant.name(), now, now, now);
        if (registry.get(tenant.name(), id) != null) {
            throw new NgsiException(ErrorType.ALREADY_EXISTS, "Subscription " + id + " already exists");
        }
        Response created = Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, Locations.of(BASE, id)).build();
        return registry.store().insert(tenant, new CsourceSubscriptionStore.Stored(id, source, contextValue(b), now, now))
                .invoke(() -> {
                    registry.put(s);
                    notifier.created(s);
                })
                .replaceWith(created);
    }

    /** Query registration subscriptions (clause 5.11.5). */
    @GET
    public Uni<Response> list() {
        MultivaluedMap<String, String> p = QueryParams.parse(request.query(), Set.of("limit", "offset", "count", "options", "local"));
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        QueryParams.ListPage page = QueryParams.page(p, defaultLimit, maxLimit);
        int limit = page.limit();
        int offset = page.offset();
        boolean count = page.count();
        boolean sysAttrs = Options.parse(p.getFirst("options")).sysAttrs();
        String path = request.path();
        String rawQuery = request.query();
        return tenants.existing(tenant).map(db -> {
            List<CsourceSubscription> all = registry.all(tenant.name());
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            Instant now = Instant.now();
            all.stream().skip(offset).limit(limit).forEach(s -> out.add(render(s, ctx, sysAttrs, rep, now)));
            Response.ResponseBuilder r = ok(out, rep, ctx);
            if (count) {
                r.header("NGSILD-Results-Count", all.size());
            }
            return PageLinks.add(r.build(), path, rawQuery, new PageLinks.Page(offset, limit, all.size() > (long) offset + limit));
        });
    }

    /** Retrieve registration subscription (clause 5.11.4). */
    @GET
    @Path("{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> p = QueryParams.parse(request.query(), Set.of("options", "local"));
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        boolean sysAttrs = Options.parse(p.getFirst("options")).sysAttrs();
        return tenants.existing(tenant).map(db -> ok(render(existing(tenant, id), ctx, sysAttrs, rep, Instant.now()), rep, ctx).build());
    }

    /** Update registration subscription (clause 5.11.3): members replaced, null removes; 204. */
    @PATCH
    @Path("{id}")
    public Uni<Response> update(@PathParam("id") String id, byte[] body) {
        QueryParams.parse(request.query(), Set.of("local"));
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, true);
        if (!b.json().isObject() || b.json().isEmpty()) {
            throw NgsiException.badData("The body must be a non-empty Subscription fragment");
        }
        Response noContent = Response.noContent().build();
        return tenants.existing(tenant).chain(db -> {
            CsourceSubscription old = existing(tenant, id);
            ObjectNode patch = secrets.protect(source(b.json()));
            JsonNode pid = patch.remove("id");
            if (pid != null && !(pid.isTextual() && pid.textValue().equals(id))) {
                throw NgsiException.badData("The subscription id cannot be changed");
            }
            ObjectNode merged = ((ObjectNode) old.subscription().source()).deepCopy();
            patch.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    merged.remove(f.getKey());
                } else {
                    merged.set(f.getKey(), f.getValue().deepCopy());
                }
            });
            boolean newContext = b.json().has("@context") || headers.getHeaderString("Link") != null;
            JsonNode contextValue = newContext ? contextValue(b) : old.subscription().context();
            LdContext ctx = newContext ? b.context() : created(old);
            Instant now = Instant.now();
            CsourceSubscription s = CsourceSubscriptionParser.parse(merged, ctx, contextValue, id, tenant.name(),
                    old.subscription().createdAt(), now, now);
            return registry.store().replace(tenant, new CsourceSubscriptionStore.Stored(id, merged, contextValue,
                    old.subscription().createdAt(), now)).invoke(() -> {
                        registry.put(s);
                        notifier.created(s);
                    }).replaceWith(noContent);
        });
    }

    /** Delete registration subscription (clause 5.11.6): 204, 404 when unknown. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        QueryParams.parse(request.query(), Set.of("local"));
        Tenant tenant = tenant();
        Response noContent = Response.noContent().build();
        return tenants.existing(tenant).chain(db -> {
            existing(tenant, id);
            return registry.store().delete(tenant, id).invoke(() -> registry.remove(tenant.name(), id)).replaceWith(noContent);
        });
    }

    private CsourceSubscription existing(Tenant tenant, String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("The subscription id must be an absolute URI");
        }
        CsourceSubscription s = registry.get(tenant.name(), id);
        if (s == null) {
            throw NgsiException.notFound("Subscription " + id + " not found");
        }
        return s;
    }

    private LdContext created(CsourceSubscription s) {
        return s.subscription().context() == null ? contexts.core() : contexts.resolve(s.subscription().context());
    }

    private ObjectNode render(CsourceSubscription s, LdContext ctx, boolean sysAttrs, Representation rep, Instant now) {
        ObjectNode out = SubscriptionRenderer.render(s.subscription(), registry.stats(s), created(s), ctx, sysAttrs,
                rep == Representation.JSON_LD, now, Optional.empty());
        if (!s.subscription().source().has("notificationTrigger")) {
            // registration subscriptions are notified of registration changes (clause 5.11.7), not of the
            // entity triggers the entity subscription renderer shows by default
            out.remove("notificationTrigger");
        }
        return out;
    }

    private static Response.ResponseBuilder ok(JsonNode body, Representation rep, LdContext ctx) {
        Response.ResponseBuilder r = Response.ok(body, rep.mediaType());
        if (rep != Representation.JSON_LD) {
            ctx.linkUrl().ifPresent(url -> r.header("Link", LinkHeader.of(url)));
        }
        return r;
    }

    private static ObjectNode source(JsonNode json) {
        if (!json.isObject()) {
            throw NgsiException.badData("The body must be a JSON object");
        }
        ObjectNode source = ((ObjectNode) json).deepCopy();
        source.remove("@context");
        source.remove(READ_ONLY);
        if (source.get("notification") instanceof ObjectNode n) {
            n.remove(List.of("timesSent", "timesFailed", "lastNotification", "lastSuccess", "lastFailure", "status"));
        }
        return source;
    }

    private JsonNode contextValue(RequestReader.Body b) {
        if (b.json().has("@context")) {
            return b.json().get("@context").deepCopy();
        }
        String link = LinkHeader.contextUrl(headers.getHeaderString("Link"));
        return link == null ? null : JsonNodeFactory.instance.textNode(link);
    }
}
