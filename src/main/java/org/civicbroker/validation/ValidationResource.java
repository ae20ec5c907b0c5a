package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.common.http.RequestReader.Body;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.tenancy.Tenant;

/**
 * Civic extension (not in GS CIM 009): lets suppliers see which entity types are bound to which Smart
 * Data Models schema and mode, fetch a schema, and check a payload without storing it. Under the
 * {@code x-validation} prefix so it cannot clash with a future standard path.
 */
@Path("/ngsi-ld/v1/x-validation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ValidationResource {

    private final SchemaBindings bindings;
    private final EntityValidator validator;
    private final RequestReader reader;
    private final EntityParser parser = new EntityParser(GeoJson::parse);

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public ValidationResource(SchemaBindings bindings, EntityValidator validator, RequestReader reader) {
        this.bindings = bindings;
        this.validator = validator;
        this.reader = reader;
    }

    /** The bound types with their schema and the mode that applies to the caller's tenant. */
    @GET
    @Path("schemas")
    public ArrayNode list() {
        QueryParams.check(params(), Set.of());
        Tenant tenant = tenant();
        Map<String, ValidationMode> modes = validator.modes(tenant);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Binding b : bindings.all()) {
            ObjectNode o = out.addObject();
            o.put("type", b.name());
            o.put("typeIri", b.typeIri());
            o.put("schema", b.schemaUrl());
            o.put("schemaId", b.schema().path("$id").asText(null));
            o.put("schemaVersion", b.schema().path("$schemaVersion").asText(null));
            o.put("context", b.contextUrl());
            o.put("source", b.operator() ? "operator" : "shipped");
            o.put("mode", modes.get(b.typeIri()).label());
        }
        return out;
    }

    /** The schema of one type (short name or expanded IRI), as shipped or as the operator provided it. */
    @GET
    @Path("schemas/{type}")
    public JsonNode schema(@PathParam("type") String type) {
        QueryParams.check(params(), Set.of());
        return bindings.find(type).map(Binding::schema)
                .orElseThrow(() -> NgsiException.notFound("No schema is bound to entity type " + type));
    }

    /**
     * Dry run: parses the entity as POST /entities would (normalized or concise; key-values with
     * {@code options=keyValues}; the same @context rules) and checks it against the schema of every
     * bound type, whatever the tenant's mode. 200 when it passes; otherwise the 400 a write in enforce
     * mode would get.
     */
    @POST
    @Path("validate")
    public ObjectNode validate(byte[] body) {
        MultivaluedMap<String, String> params = params();
        QueryParams.check(params, Set.of("options"));
        boolean keyValues = false;
        for (String o : params.getOrDefault("options", List.of())) {
            for (String opt : o.split(",")) {
                if (opt.equals("keyValues") || opt.equals("simplified")) {
                    keyValues = true;
                } else if (!opt.equals("normalized") && !opt.equals("concise")) {
                    throw NgsiException.badData("Unknown option '" + opt + "': use keyValues, normalized or concise");
                }
            }
        }
        Body b = reader.read(headers, body, false);
        JsonNode json = keyValues && b.json().isObject() ? KeyValuesInput.normalized(b.json()) : b.json();
        Entity entity = parser.parseEntity(json, b.context());
        List<EntityValidator.Outcome> failures = validator.evaluate(tenant(), entity, true);
        if (!failures.isEmpty()) {
            throw EntityValidator.rejection(entity.id(), failures);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", entity.id());
        out.put("valid", true);
        ArrayNode checked = out.putArray("checked");
        entity.types().forEach(t -> bindings.forType(t).ifPresent(x -> checked.add(x.name())));
        return out;
    }

    private MultivaluedMap<String, String> params() {
        return QueryString.parse(request.query());
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }
}
