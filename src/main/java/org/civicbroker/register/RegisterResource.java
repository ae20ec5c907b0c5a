package org.civicbroker.register;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.common.http.RequestReader.Body;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.register.RegisterStore.TypeFigures;
import org.civicbroker.register.RegisterStore.Version;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.tenancy.Tenant;

/**
 * Civic extension (not in GS CIM 009): the data register's admin API (docs/privacy.md). Entries are
 * addressed by entity type, as a term of the request's @context (Link header) or an IRI. Who changed
 * an entry is the authenticated caller (security on: the token's subject) when there is one, else the
 * {@value #AUTHOR} header, else
 * "anonymous".
 */
@Path("/ngsi-ld/v1/x-register")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RegisterResource {

    static final String AUTHOR = "Civic-Changed-By";
    private static final int MAX_AUTHOR = 200;

    private final DataRegister register;
    private final RetentionJob retention;
    private final RequestReader reader;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    private final CurrentCaller caller;

    public RegisterResource(DataRegister register, RetentionJob retention, RequestReader reader, CurrentCaller caller) {
        this.register = register;
        this.retention = retention;
        this.reader = reader;
        this.caller = caller;
    }

    /** Every entry of the tenant. */
    @GET
    @Path("datasets")
    public ArrayNode list() {
        QueryParams.check(params(), Set.of());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        register.list(tenant()).forEach(v -> out.add(RegisterJson.render(v)));
        return out;
    }

    @GET
    @Path("datasets/{type}")
    public ObjectNode get(@PathParam("type") String type) {
        QueryParams.check(params(), Set.of());
        return RegisterJson.render(register.get(tenant(), reader.context(headers).expand(type)));
    }

    /** Creates (201) or replaces (200) the entry of a type; the answer is the stored version. */
    @PUT
    @Path("datasets/{type}")
    public Uni<Response> put(@PathParam("type") String type, byte[] body) {
        QueryParams.check(params(), Set.of());
        Body b = reader.read(headers, body, false);
        if (b.json().isObject()) {
            ((ObjectNode) b.json()).remove("@context");
        }
        LdContext ctx = b.context();
        return register.put(tenant(), type, b.json(), ctx::expand, author())
                .map(v -> Response.status(v.version() == 1 ? 201 : 200).entity(RegisterJson.render(v)).build());
    }

    @DELETE
    @Path("datasets/{type}")
    public Uni<Response> delete(@PathParam("type") String type) {
        QueryParams.check(params(), Set.of());
        return register.delete(tenant(), reader.context(headers).expand(type), author())
                .map(v -> Response.noContent().build());
    }

    /** Every version of a type's entry, oldest first; a deletion is a version without {@code entry}. */
    @GET
    @Path("datasets/{type}/versions")
    public Uni<ArrayNode> versions(@PathParam("type") String type) {
        QueryParams.check(params(), Set.of());
        return register.versions(tenant(), reader.context(headers).expand(type)).map(RegisterResource::versions);
    }

    private static ArrayNode versions(List<Version> versions) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Version v : versions) {
            ObjectNode o = out.addObject();
            o.put("version", v.version());
            o.put("changedBy", v.changedBy());
            o.put("changedAt", v.changedAt().toString());
            o.put("action", v.json() == null ? "deleted" : v.version() == 1 ? "created" : "replaced");
            if (v.json() != null) {
                o.set("entry", RequestReader.parse(v.json().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The tenant's publication profile (the public transparency page; docs/privacy.md). */
    @GET
    @Path("profile")
    public Uni<ObjectNode> profile() {
        QueryParams.check(params(), Set.of());
        return register.profile(tenant()).map(v -> {
            if (v == null) {
                throw NgsiException.notFound("The tenant has no publication profile");
            }
            return profile(v);
        });
    }

    @PUT
    @Path("profile")
    public Uni<ObjectNode> putProfile(byte[] body) {
        QueryParams.check(params(), Set.of());
        Body b = reader.read(headers, body, false);
        return register.putProfile(tenant(), b.json(), author()).map(RegisterResource::profile);
    }

    private static ObjectNode profile(Version v) {
        ObjectNode o = (ObjectNode) RequestReader.parse(v.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        o.put("version", v.version());
        o.put("changedBy", v.changedBy());
        o.put("changedAt", v.changedAt().toString());
        return o;
    }

    /** Types the tenant holds entities of that the register does not declare. */
    @GET
    @Path("undeclared")
    public Uni<ArrayNode> undeclared() {
        QueryParams.check(params(), Set.of());
        LdContext ctx = reader.context(headers);
        return register.undeclared(tenant()).map(l -> figures(l, ctx));
    }

    static ArrayNode figures(List<TypeFigures> figures, LdContext ctx) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (TypeFigures f : figures) {
            ObjectNode o = out.addObject();
            o.put("type", ctx.compact(f.typeIri()));
            o.put("typeIri", f.typeIri());
            o.put("entities", f.entities());
            if (f.lastUpdate() != null) {
                o.put("lastUpdate", f.lastUpdate().toString());
            }
        }
        return out;
    }

    /** The register as one document: every entry with its versions, and the disposal records. */
    @GET
    @Path("export")
    public Uni<ObjectNode> export() {
        QueryParams.check(params(), Set.of());
        Tenant tenant = tenant();
        LdContext ctx = reader.context(headers);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("tenant", tenant.isDefault() ? null : tenant.name());
        ArrayNode datasets = out.putArray("datasets");
        List<Versioned> all = register.list(tenant);
        all.forEach(v -> datasets.add(RegisterJson.render(v)));
        return register.undeclared(tenant).invoke(u -> out.set("undeclaredTypes", figures(u, ctx)))
                .chain(() -> register.disposals(tenant, null, Integer.MAX_VALUE))
                .map(d -> {
                    out.set("disposals", disposals(d));
                    return out;
                });
    }

    /** Disposal records, newest first; {@code type} narrows them; {@code limit} (default 100). */
    @GET
    @Path("disposals")
    public Uni<ArrayNode> disposals() {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, Set.of("type", "limit"));
        String type = params.getFirst("type");
        int limit = limit(params.getFirst("limit"));
        return register.disposals(tenant(), type == null ? null : reader.context(headers).expand(type), limit)
                .map(RegisterResource::disposals);
    }

    /** Runs the tenant's retention rules now (as the scheduled job does); answers the records it wrote. */
    @POST
    @Path("disposals/run")
    public Uni<ArrayNode> run() {
        QueryParams.check(params(), Set.of());
        return retention.run(tenant()).map(RegisterResource::disposals);
    }

    static ArrayNode disposals(List<DisposalRecord> records) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (DisposalRecord r : records) {
            ObjectNode o = out.addObject();
            o.put("at", r.at().toString());
            o.put("type", r.type());
            o.put("typeIri", r.typeIri());
            o.put("rule", r.rule());
            o.put("count", r.count());
            o.put("cutoff", r.cutoff().toString());
        }
        return out;
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 10000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw NgsiException.badData("limit must be a number from 1 to 10000");
    }

    /** Who makes the change: the authenticated caller (the token's subject, docs/security.md), else the header, else "anonymous". */
    private String author() {
        String subject = caller.get().subject();
        if (subject != null && !subject.isBlank()) {
            return subject;
        }
        String h = headers.getHeaderString(AUTHOR);
        if (h == null || h.isBlank()) {
            return "anonymous";
        }
        if (h.length() > MAX_AUTHOR) {
            throw NgsiException.badData(AUTHOR + " is longer than " + MAX_AUTHOR + " characters");
        }
        return h.strip();
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    private MultivaluedMap<String, String> params() {
        return QueryString.parse(request.query());
    }
}
