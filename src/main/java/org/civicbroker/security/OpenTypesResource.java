package org.civicbroker.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Names;
import org.civicbroker.tenancy.Tenant;

/**
 * The open entity types of a tenant (docs/security.md, "Open data"): {@code GET} is public (anyone may learn
 * what they can read without a token), {@code PUT} replaces the list and needs the admin role. Type names
 * are expanded and compacted with the request's @context (Link header), like every NGSI-LD type name.
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

    /** Body: {@code {"types": ["ParkingSpot", "AirQualityObserved"]}}; an empty list closes the tenant. */
    @PUT
    public Uni<Response> replace(byte[] body) {
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        JsonNode list = b.json().get(TYPES);
        if (!b.json().isObject() || list == null || !list.isArray()) {
            throw NgsiException.badData("The body must be an object with a '" + TYPES + "' array of entity type names");
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : list) {
            if (!t.isTextual()) {
                throw NgsiException.badData("Not an entity type name: " + t);
            }
            types.add(Names.typeIri(t.textValue(), b.context()));
        }
        return openTypes.set(tenant, types).map(kept -> answer(kept, b.context()));
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
