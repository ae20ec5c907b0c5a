package org.civicbroker.entity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * UpdateResult bodies (clause 5.2.18) for 207 Multi-Status answers of append and update. Attributes are
 * named by their expanded IRIs: the names an update-related operation expands and stores (clause 5.5.7
 * asks for compaction in query-related answers only), and unambiguous whatever context the client holds.
 */
final class UpdateResults {

    private UpdateResults() {
    }

    static Response response(EntityMerges.Outcome o) {
        if (o.notUpdated().isEmpty()) {
            return Response.noContent().build();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode updated = body.putArray("updated");
        o.updated().forEach(updated::add);
        ArrayNode notUpdated = body.putArray("notUpdated");
        o.notUpdated().forEach((iri, reason) -> notUpdated.addObject()
                .put("attributeName", iri)
                .put("reason", reason));
        return Response.status(207).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
