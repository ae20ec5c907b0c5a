package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.tenancy.Tenant;

/**
 * Temporal evolutions held by registered context sources (clauses 5.7.3.4 and 5.7.4.4, implemented by the
 * federation package): a temporal retrieval or query consults the registrations that accept
 * {@code retrieveTemporal} or {@code queryTemporal} unless {@code local=true}. Every method completes with
 * null when no registration matches, so a broker without registrations does nothing more than a map look-up.
 */
public interface RemoteTemporal {

    /** What the sources answered. */
    interface Answer {
        /**
         * This broker's temporal entities (rendered for the client) merged with the sources', in id order.
         *
         * @param lastN the client's lastN (applied again after the merge), or null
         * @param timeproperty the temporal query's time property (observedAt, createdAt, modifiedAt, deletedAt)
         */
        List<ObjectNode> merge(List<ObjectNode> local, Integer lastN, String timeproperty);

        /** One NGSILD-Warning header value per source that failed (clause 6.3.17), empty when all answered. */
        List<String> warnings();

        /** The number of matching entities only the sources hold (see query.RemoteEntities), or null. */
        Long count(List<ObjectNode> local, List<ObjectNode> merged);
    }

    /** Query Temporal Evolution of Entities (clause 5.7.4) forwarded to the matching registrations, or null. */
    Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx);

    /**
     * Query Temporal Evolution of Entities with a Query body (POST /temporal/entityOperations/query, clause
     * 6.24) forwarded to the matching registrations as the same POST, or null.
     *
     * @param contentType the client's Content-Type (the body is forwarded as it came, with its @context)
     */
    Uni<Answer> queryPost(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx);

    /** Retrieve Temporal Evolution of an Entity (clause 5.7.3) forwarded to the matching registrations, or null. */
    Uni<Answer> retrieve(Tenant tenant, String id, java.util.Set<String> attrs, String path, String rawQuery,
            HttpHeaders headers, LdContext ctx);
}
