package org.civicbroker.subscription;

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
import java.util.Comparator;
import java.util.List;
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
import org.civicbroker.jsonld.PublicBaseUrl;
import org.civicbroker.model.Uris;
import org.civicbroker.query.lang.Options;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Subscriptions (clause 5.8; OpenAPI paths /subscriptions and /subscriptions/{subscriptionId}). */
@Path("/ngsi-ld/v1/subscriptions")
@Consumes(MediaType.WILDCARD)
public class SubscriptionResource {

    static final String BASE = "/ngsi-ld/v1/subscriptions/";

    private final SubscriptionRegistry registry;
    private final RequestReader reader;
    private final ContextResolver contexts;
    private final TenantRegistry tenants;
    private final PublicBaseUrl publicBase;
    private final int defaultLimit;
    private final int maxLimit;

    private final java.util.Optional<String> publicBaseUrl;

    /** Credentials in receiverInfo / contextSourceInfo: references or encrypted (docs/security.md, "Outgoing calls"). */
    @jakarta.inject.Inject
    org.civicbroker.outgoing.Secrets secrets;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public SubscriptionResource(SubscriptionRegistry registry, RequestReader reader, ContextResolver contexts,
            TenantRegistry tenants, PublicBaseUrl publicBase,
            @ConfigProperty(name = "civic.query.default-limit", defaultValue = "20") int defaultLimit,
            @ConfigProperty(name = "civic.query.max-limit", defaultValue = "1000") int maxLimit,
            @ConfigProperty(name = "civic.jsonld.public-base-url") java.util.Optional<String> publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        this.registry = registry;
        this.reader = reader;
        this.contexts = contexts;
        this.tenants = tenants;
        this.publicBase = publicBase;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        return QueryParams.parse(request.query(), allowed);
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    /** Create subscription (clause 5.8.1): 201 with Location, 409 when the id exists. */
    @POST
    public Uni<Response> create(byte[] body) {
        params(Set.of());
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        ObjectNode source = secrets.protect(source(b.json()));  // no credential stored in clear
        JsonNode contextValue = contextValue(b);
        String id = source.hasNonNull("id") ? source.get("id").asText() : "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        if (!Uris.isAbsoluteUri(id) || !source.path("id").isMissingNode() && !source.get("id").isTextual()) {
            throw NgsiException.badData("The subscription id must be an absolute URI");
        }
        source.remove("id");
        Instant now = Instant.now();
        // the base the client reached the broker at: notifications link the implicit context of an inline
        // @context under it (clause 5.13.1), unless civic.jsonld.public-base-url is set
        Subscription s = SubscriptionParser.parse(source, b.context(), contextValue, id, tenant.name(), now, now, now)
                .withLinkBase(publicBase.current());
        requireJsonldContext(s);
        if (registry.get(tenant.name(), id) != null) {
            throw new NgsiException(ErrorType.ALREADY_EXISTS, "Subscription " + id + " already exists");
        }
        SubscriptionStats stats = new SubscriptionStats();
        // Built here, on the request thread: the store write completes on a worker thread, whose context
        // class loader was seen to be another application's in a test JVM that restarted Quarkus for a test
        // profile, and JAX-RS finds its RuntimeDelegate through that class loader (500 "not a subtype").
        Response created = Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, Locations.of(BASE, id)).build();
        return registry.store().insert(tenant, s, stats)
                .invoke(() -> registry.put(s, stats))
                .replaceWith(created);
    }

    /** Query subscriptions (clause 5.8.4): limit, offset, count. */
    @GET
    public Uni<Response> list() {
        MultivaluedMap<String, String> p = params(Set.of("limit", "offset", "count", "options"));
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
            List<Subscription> all = registry.index(tenant.name()).all();
            all.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            Instant now = Instant.now();
            all.stream().skip(offset).limit(limit).forEach(s -> out.add(render(s, ctx, sysAttrs, rep, now)));
            Response.ResponseBuilder r = ok(out, rep, ctx);
            if (count) {
                r.header("NGSILD-Results-Count", all.size());
            }
            return PageLinks.add(r.build(), path, rawQuery,
                    new PageLinks.Page(offset, limit, all.size() > (long) offset + limit));
        });
    }

    /** Retrieve subscription (clause 5.8.3). */
    @GET
    @Path("{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> p = params(Set.of("options"));
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        boolean sysAttrs = Options.parse(p.getFirst("options")).sysAttrs();
        return tenants.existing(tenant).map(db -> ok(render(existing(tenant, id), ctx, sysAttrs, rep, Instant.now()), rep, ctx).build());
    }

    /** Update subscription (clause 5.8.2): members replaced; notification merged member by member; 204. */
    @PATCH
    @Path("{id}")
    public Uni<Response> update(@PathParam("id") String id, byte[] body) {
        params(Set.of());
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, true);
        if (!b.json().isObject() || b.json().isEmpty()) {
            throw NgsiException.badData("The body must be a non-empty Subscription fragment");
        }
        Response noContent = Response.noContent().build();  // on the request thread: see create()
        String linkBase = publicBase.current();  // read from the request (see create())
        return tenants.existing(tenant).chain(db -> {
            Subscription old = existing(tenant, id);
            ObjectNode patch = secrets.protect(source(b.json()));
            if (patch.hasNonNull("id") && !id.equals(patch.get("id").asText())) {
                throw NgsiException.badData("The subscription id cannot be changed");
            }
            patch.remove("id");
            ObjectNode merged = SubscriptionPatch.merge((ObjectNode) old.source(), patch);
            // the fragment's names are read with the fragment's context; the new context applies to the whole (clause 5.8.2)
            JsonNode contextValue = b.json().has("@context") || headers.getHeaderString("Link") != null
                    ? contextValue(b) : old.context();
            LdContext ctx = contextValue == null ? contexts.core() : b.context();
            if (contextValue == old.context()) {
                ctx = old.context() == null ? contexts.core() : contexts.resolveHeld(old.context());
            }
            Instant now = Instant.now();
            Subscription s = SubscriptionParser.parse(merged, ctx, contextValue, id, tenant.name(), old.createdAt(), now, now)
                    .withLinkBase(linkBase);
            requireJsonldContext(s);
            SubscriptionStats stats = registry.stats(tenant.name(), id);
            return registry.store().replace(tenant, s, stats).invoke(() -> {
                registry.put(s, stats);
                releaseContext(old);
            }).replaceWith(noContent);
        });
    }

    /** Delete subscription (clause 5.8.5): 204, 404 when unknown. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        params(Set.of());
        Tenant tenant = tenant();
        Response noContent = Response.noContent().build();  // on the request thread: see create()
        return tenants.existing(tenant).chain(db -> {
            Subscription old = existing(tenant, id);
            return registry.store().delete(tenant, id).invoke(() -> {
                registry.remove(tenant.name(), id);
                releaseContext(old);
            }).replaceWith(noContent);
        });
    }

    /**
     * Clause 5.13.1: the broker creates an @context ex novo (kind ImplicitlyCreated) when a subscription written
     * with an inline @context needs a URL for it. Once no subscription of any tenant is written with that inline
     * value any more (this one deleted, or patched to another @context), the implicitly created @context has
     * served its purpose and is deleted with it; otherwise stale copies would pile up, each with the hits of
     * subscriptions long gone.
     */
    private void releaseContext(Subscription old) {
        JsonNode value = old.context();
        if (value != null && registry.all().stream().noneMatch(s -> value.equals(s.context()))) {
            contexts.dropImplicit(value);
        }
    }

    private Subscription existing(Tenant tenant, String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("The subscription id must be an absolute URI");
        }
        Subscription s = registry.get(tenant.name(), id);
        if (s == null) {
            throw NgsiException.notFound("Subscription " + id + " not found");
        }
        return s;
    }

    private ObjectNode render(Subscription s, LdContext ctx, boolean sysAttrs, Representation rep, Instant now) {
        LdContext created = s.context() == null ? contexts.core() : contexts.resolveHeld(s.context());
        return SubscriptionRenderer.render(s, registry.stats(s.tenant(), s.id()), created, ctx, sysAttrs,
                rep == Representation.JSON_LD, now, ContextLink.implicit(s, created, publicBaseUrl));
    }

    /**
     * Clauses 5.8.1.4 / 5.8.2.4: a jsonldContext that cannot be retrieved is LdContextNotAvailable (503), one
     * that is no valid @context BadRequestData, at creation and update rather than at every notification.
     */
    private void requireJsonldContext(Subscription s) {
        if (s.jsonldContext() != null) {
            contexts.resolveUrl(s.jsonldContext());
        }
    }

    private static Response.ResponseBuilder ok(JsonNode body, Representation rep, LdContext ctx) {
        Response.ResponseBuilder r = Response.ok(body, rep.mediaType());
        if (rep != Representation.JSON_LD) {
            ctx.linkUrl().ifPresent(url -> r.header("Link", LinkHeader.of(url)));
        }
        return r;
    }

    /** The payload's members without @context and the read-only members. */
    private static ObjectNode source(JsonNode json) {
        if (!json.isObject()) {
            throw NgsiException.badData("The body must be a JSON object");
        }
        ObjectNode source = ((ObjectNode) json).deepCopy();
        source.remove("@context");
        source.remove(SubscriptionParser.READ_ONLY);
        if (source.get("notification") instanceof ObjectNode n) {
            n.remove(NotificationParser.READ_ONLY);
        }
        return source;
    }

    /** The @context the names were written with: the body's, the Link header's URL, or null for the core context. */
    private JsonNode contextValue(RequestReader.Body b) {
        if (b.json().has("@context")) {
            return b.json().get("@context").deepCopy();
        }
        String link = LinkHeader.contextUrl(headers.getHeaderString("Link"));
        return link == null ? null : JsonNodeFactory.instance.textNode(link);
    }
}
