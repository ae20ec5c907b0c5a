package org.civicbroker.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Date;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;

/**
 * Civic extension (not in GS CIM 009), for operators: the changes a consumer set aside after failing on
 * them (issue 19; docs/architecture.md "Recovery model"), and retrying them once the cause is fixed.
 * Broker-wide: the NGSILD-Tenant header is not used (each dead letter names its tenant).
 */
@Path("/ngsi-ld/v1/x-admin/deadLetters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final ChangeJournal journal;

    @Context
    HttpServerRequest request;

    public DeadLetterResource(DeadLetters deadLetters, ChangeJournal journal) {
        this.deadLetters = deadLetters;
        this.journal = journal;
    }

    /** Every dead letter, oldest change first. */
    @GET
    public Uni<ArrayNode> list() {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        return deadLetters.all().map(docs -> {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            docs.forEach(d -> out.add(render(d)));
            return out;
        });
    }

    /** Hands every dead letter back to its consumer: {@code {"retried": n}}. */
    @POST
    @Path("retry")
    public Uni<ObjectNode> retryAll() {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        return journal.retryDeadLetters(null).map(n -> JsonNodeFactory.instance.objectNode().put("retried", n));
    }

    /** Hands one dead letter back to its consumer: 204, or 404 when there is no such dead letter. */
    @POST
    @Path("{id}/retry")
    public Uni<Response> retry(@PathParam("id") String id) {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        return journal.retryDeadLetters(id).map(n -> {
            if (n == 0) {
                throw NgsiException.notFound("No dead letter " + id);
            }
            return Response.noContent().build();
        });
    }

    static ObjectNode render(Document d) {
        Document change = d.get("change", Document.class);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", d.getString("_id"));
        o.put("consumer", d.getString("consumer"));
        o.put("seq", d.get("seq", Number.class).longValue());
        o.put("tenant", change.getString("tenant"));
        o.put("operation", change.getString("operation"));
        o.put("entityId", change.getString("entityId"));
        o.put("changedAt", instant(change.getDate("at")));
        o.put("error", d.getString("error"));
        o.put("attempts", d.getInteger("attempts", 0));
        o.put("setAsideAt", instant(d.getDate("setAsideAt")));
        return o;
    }

    private static String instant(Date d) {
        return d == null ? null : d.toInstant().toString();
    }
}
