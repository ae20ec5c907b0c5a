package org.civicbroker.registration;

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
import java.util.Set;
import java.util.UUID;
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
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Context source registrations (clauses 5.9, 5.10; OpenAPI paths /csourceRegistrations...). */
@Path("/ngsi-ld/v1/csourceRegistrations")
@Consumes(MediaType.WILDCARD)
public class RegistrationResource {

    static final String BASE = "/ngsi-ld/v1/csourceRegistrations/";

    private final RegistrationService service;
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

    public RegistrationResource(RegistrationService service, RequestReader reader, ContextResolver contexts,
            TenantRegistry tenants,
            @ConfigProperty(name = "civic.query.default-limit", defaultValue = "20") int defaultLimit,
            @ConfigProperty(name = "civic.query.max-limit", defaultValue = "1000") int maxLimit) {
        this.service = service;
        this.reader = reader;
        this.contexts = contexts;
        this.tenants = tenants;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    /** Register context source (clause 5.9.2): 201 with Location; 409 when the id exists or a mode conflicts. */
    @POST
    public Uni<Response> create(byte[] body) {
        QueryParams.parse(request.query(), Set.of("local"));
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        ObjectNode source = secrets.protect(source(b.json()));  // no credential stored in clear
        JsonNode idNode = source.get("id");
        if (idNode != null && !idNode.isNull() && !(idNode.isTextual() && Uris.isAbsoluteUri(idNode.textValue()))) {
            throw NgsiException.badData("The registration id must be an absolute URI");
        }
        String id = idNode != null && idNode.isTextual() ? idNode.textValue()
                : "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        source.remove("id");
        Instant now = service.now();
        Registration r = RegistrationParser.parse(source, b.context(), contextValue(b), id, tenant.name(), now, now, now);
        Response created = Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, Locations.of(BASE, id)).build();
        return service.create(tenant, r).replaceWith(created);
    }

    /** Query context source registrations (clause 5.10.2). */
    @GET
    public Uni<Response> query() {
        MultivaluedMap<String, String> p = QueryParams.parse(request.query(), RegistrationQuery.PARAMS);
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        QueryParams.ListPage page = QueryParams.page(p, defaultLimit, maxLimit);
        int limit = page.limit();
        int offset = page.offset();
        boolean count = page.count();
        QueryParams.bool("local", p.getFirst("local"));
        boolean sysAttrs = Options.parse(p.getFirst("options")).sysAttrs();
        RegistrationQuery query = RegistrationQuery.fromParameters(p, ctx);
        String path = request.path();
        String rawQuery = request.query();
        return tenants.existing(tenant).map(db -> {
            List<Registration> all = service.registry().live(tenant.name(), service.now()).stream()
                    .filter(r -> query.matches(r, created(r))).toList();
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            all.stream().skip(offset).limit(limit).forEach(r -> out.add(render(r, ctx, sysAttrs, rep)));
            Response.ResponseBuilder rb = ok(out, rep, ctx);
            if (count) {
                rb.header("NGSILD-Results-Count", all.size());
            }
            return PageLinks.add(rb.build(), path, rawQuery, new PageLinks.Page(offset, limit, all.size() > (long) offset + limit));
        });
    }

    /** Retrieve context source registration (clause 5.10.1). */
    @GET
    @Path("{id}")
    public Uni<Response> retrieve(@PathParam("id") String id) {
        MultivaluedMap<String, String> p = QueryParams.parse(request.query(), Set.of("options", "local"));
        Tenant tenant = tenant();
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        LdContext ctx = reader.context(headers);
        boolean sysAttrs = Options.parse(p.getFirst("options")).sysAttrs();
        checkId(id);
        return tenants.existing(tenant).map(db -> ok(render(existing(tenant, id), ctx, sysAttrs, rep), rep, ctx).build());
    }

    /** Update context source registration (clause 5.9.3): the fragment's members replace the stored ones; 204. */
    @PATCH
    @Path("{id}")
    public Uni<Response> update(@PathParam("id") String id, byte[] body) {
        QueryParams.parse(request.query(), Set.of("local"));
        checkId(id);
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, true);
        if (!b.json().isObject() || b.json().isEmpty()) {
            throw NgsiException.badData("The body must be a non-empty CSourceRegistration fragment");
        }
        Response noContent = Response.noContent().build();
        return tenants.existing(tenant).chain(db -> {
            Registration old = existing(tenant, id);
            ObjectNode patch = secrets.protect(source(b.json()));
            JsonNode pid = patch.remove("id");
            if (pid != null && !(pid.isTextual() && pid.textValue().equals(id))) {
                throw NgsiException.badData("The registration id cannot be changed");
            }
            ObjectNode merged = ((ObjectNode) old.source()).deepCopy();
            patch.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    merged.remove(f.getKey());
                } else {
                    merged.set(f.getKey(), f.getValue().deepCopy());
                }
            });
            boolean newContext = b.json().has("@context") || headers.getHeaderString("Link") != null;
            JsonNode contextValue = newContext ? contextValue(b) : old.context();
            LdContext ctx = newContext ? b.context() : created(old);
            Instant now = service.now();
            Registration r = RegistrationParser.parse(merged, ctx, contextValue, id, tenant.name(), old.createdAt(), now, now);
            return service.replace(tenant, r).replaceWith(noContent);
        });
    }

    /** Delete context source registration (clause 5.9.4): 204, 404 when unknown. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        QueryParams.parse(request.query(), Set.of("local"));
        checkId(id);
        Tenant tenant = tenant();
        Response noContent = Response.noContent().build();
        return tenants.existing(tenant).chain(db -> {
            existing(tenant, id);
            return service.delete(tenant, id).replaceWith(noContent);
        });
    }

    private static void checkId(String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("The registration id must be an absolute URI");
        }
    }

    private Registration existing(Tenant tenant, String id) {
        Registration r = service.registry().get(tenant.name(), id);
        if (r == null || !r.liveAt(service.now())) {
            throw NgsiException.notFound("Registration " + id + " not found");
        }
        return r;
    }

    private LdContext created(Registration r) {
        return r.context() == null ? contexts.core() : contexts.resolve(r.context());
    }

    private ObjectNode render(Registration r, LdContext ctx, boolean sysAttrs, Representation rep) {
        return RegistrationRenderer.render(r, service.registry().stats(r.tenant(), r.id()).snapshot(), created(r), ctx,
                sysAttrs, rep == Representation.JSON_LD);
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
        source.remove(RegistrationParser.READ_ONLY);
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
