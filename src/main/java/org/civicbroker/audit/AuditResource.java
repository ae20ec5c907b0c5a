package org.civicbroker.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.model.DateTimes;
import org.civicbroker.tenancy.Tenant;

/**
 * {@code GET /ngsi-ld/v1/x-audit/records}: the audit records of the tenant in the {@code NGSILD-Tenant}
 * header, newest first, filtered by {@code from}/{@code to} (ISO 8601, {@code [from, to)}), {@code subject}
 * and {@code entity}, paged with {@code limit} (1-1000, default 100) and {@code offset}; {@code count=true}
 * adds {@code NGSILD-Results-Count}. {@code GET /ngsi-ld/v1/x-audit/entities/{id}}: the entity's ownership
 * stamps ({@link EntityStamps}). Admin role (security.EndpointPolicy). docs/security.md, "Audit".
 */
@Path("/ngsi-ld/v1/x-audit")
public class AuditResource {

    private final AuditTrail trail;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    @Path("records")
    public Uni<Response> list() {
        AuditQuery q = AuditQuery.fromParameters(QueryString.parse(request.query()));
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        return trail.find(tenant.isDefault() ? null : tenant.name(), q).map(page -> {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            page.records().forEach(r -> out.add(json(r)));
            Response.ResponseBuilder rb = Response.ok(out, MediaType.APPLICATION_JSON_TYPE);
            if (page.total() != null) {
                rb.header("NGSILD-Results-Count", page.total());
            }
            return rb.build();
        });
    }

    /** The ownership stamps of an entity (who created it, who changed it last): 404 when none were recorded. */
    @GET
    @Path("entities/{id}")
    public Uni<Response> stamps(@PathParam("id") String id) {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        return trail.stamps(tenant.isDefault() ? null : tenant.name(), id).map(s -> {
            if (s == null) {
                throw NgsiException.notFound("No ownership stamps of " + id + " (written before security was on, "
                        + "or deleted)");
            }
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("id", s.entityId());
            if (s.createdBy() != null) {
                o.put("createdBy", s.createdBy());
            }
            if (s.createdAt() != null) {
                o.put("createdAt", DateTimes.format(s.createdAt()));
            }
            o.put("modifiedBy", s.modifiedBy());
            o.put("modifiedAt", DateTimes.format(s.modifiedAt()));
            return Response.ok(o, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    static ObjectNode json(AuditRecord r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("at", DateTimes.format(r.at()));
        o.put("subject", r.subject());
        if (r.tenant() != null) {
            o.put("tenant", r.tenant());
        }
        if (r.operation() != null) {
            o.put("operation", r.operation());
        }
        o.put("method", r.method());
        o.put("path", r.path());
        if (r.entityId() != null) {
            o.put("entityId", r.entityId());
        }
        if (!r.entityIds().isEmpty()) {
            ArrayNode ids = o.putArray("entityIds");
            r.entityIds().forEach(ids::add);
        }
        if (r.entityCount() != null) {
            o.put("entityCount", r.entityCount());
        }
        o.put("status", r.status());
        return o;
    }
}
