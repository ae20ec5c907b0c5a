package org.civicbroker.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.error.ProblemMapper;

/**
 * The per-entity results of a batch operation and the response they make (clauses 5.6.7 - 5.6.10,
 * 5.6.20; BatchOperationResult clause 5.2.16, BatchEntityError clause 5.2.17): 201 with the created ids,
 * 204 when everything was done, 207 with {@code success} and {@code errors} as soon as one entity failed.
 */
final class BatchResult {

    private final List<String> created = new ArrayList<>();
    private final List<String> success = new ArrayList<>();
    /** Errors with the element position they concern (-1: the entity as a whole), reported in that order. */
    private final List<Map.Entry<Integer, ObjectNode>> errors = new ArrayList<>();

    /** A successful entity; {@code created} when it did not exist before the request. */
    void success(String id, boolean created) {
        success.add(id);
        if (created) {
            this.created.add(id);
        }
    }

    /**
     * An entity in error. {@code index} is its position in the request array (from 0), or -1 when the
     * error concerns every element with that id; the ProblemDetails detail names it, because an element
     * without a usable id has only its position to be known by.
     */
    void error(String id, int index, NgsiException e) {
        String detail = (index >= 0 ? "element " + index + ": " : "") + e.getMessage();
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("entityId", id == null ? "" : id);
        error.set("error", ProblemMapper.body(e.type(), detail));
        errors.add(Map.entry(index, error));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> success() {
        return success;
    }

    /** Create (5.6.7): 201 with the ids when all were created. */
    Response created() {
        return hasErrors() ? multiStatus() : Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(ids(created)).build();
    }

    /** Upsert (5.6.8): 201 with the created ids when some were created, 204 when all existed. */
    Response upserted() {
        if (hasErrors()) {
            return multiStatus();
        }
        return created.isEmpty() ? Response.noContent().build() : created();
    }

    /** Update, delete, merge, purge: 204 when all were done. */
    Response done() {
        return hasErrors() ? multiStatus() : Response.noContent().build();
    }

    private Response multiStatus() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("success", ids(success));
        ArrayNode list = body.putArray("errors");
        errors.stream().sorted(Comparator.comparingInt(e -> e.getKey() < 0 ? Integer.MAX_VALUE : e.getKey()))
                .forEach(e -> list.add(e.getValue()));
        return Response.status(207).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static ArrayNode ids(List<String> ids) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ids.forEach(a::add);
        return a;
    }
}
