package org.civicbroker.entity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.civicbroker.jsonld.LdContext;

/** UpdateResult bodies (clause 5.2.18) for 207 Multi-Status answers of append and update. */
final class UpdateResults {

    private UpdateResults() {
    }

    static Response response(EntityMerges.Outcome o, LdContext ctx) {
        if (o.notUpdated().isEmpty()) {
            return Response.noContent().build();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode updated = body.putArray("updated");
        o.updated().forEach(iri -> updated.add(ctx.compact(iri)));
        ArrayNode notUpdated = body.putArray("notUpdated");
        o.notUpdated().forEach((iri, reason) -> notUpdated.addObject()
                .put("attributeName", ctx.compact(iri))
                .put("reason", reason));
        return Response.status(207).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
