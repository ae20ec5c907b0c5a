package org.civicbroker.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.tenancy.Tenant;

/**
 * The open entity types of a tenant (docs/security.md, "Open data"), public: anyone may learn what they can
 * read without a token. The list is derived from the tenant's data register ({@link OpenTypes}); it is
 * changed there ({@code PUT /ngsi-ld/v1/x-register/datasets/{type}} with {@code "open": true}), not here.
 * Type names are compacted with the request's @context (Link header), like every NGSI-LD type name.
 */
@Path("/ngsi-ld/v1/x-security/openTypes")
@Consumes(MediaType.WILDCARD)
public class OpenTypesResource {

    static final String TYPES = "types";

    private final OpenTypes openTypes;
    private final RequestReader reader;

    @Context
    HttpHeaders headers;

    public OpenTypesResource(OpenTypes openTypes, RequestReader reader) {
        this.openTypes = openTypes;
        this.reader = reader;
    }

    @GET
    public Uni<Response> list() {
        Tenant tenant = tenant();
        LdContext ctx = reader.context(headers);
        return openTypes.of(tenant).map(types -> answer(types, ctx));
    }

    private static Response answer(Set<String> types, LdContext ctx) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray(TYPES);
        types.stream().map(ctx::compact).sorted().forEach(list::add);
        return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }
}
