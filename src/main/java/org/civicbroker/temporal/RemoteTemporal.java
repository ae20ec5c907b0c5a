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
 * <p>
 * An aggregated query (options=aggregatedValues) asks the sources for their values (temporalValues): the
 * temporal package aggregates the merged values (see MergedHistory).
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

        /**
         * The Content-Range headers of the sources that cut their instances (206, clause 6.3.10), empty when
         * none did.
         */
        default List<String> contentRanges() {
            return List.of();
        }
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

    /**
     * The candidates of an EntityMap for a temporal query at the sources (Create EntityMap for Query Temporal
     * Evolution of Entities, clause 5.14.5): a registration that takes {@code createEntityMapQueryTemporal} is
     * asked for an EntityMap of its own (linkedMaps), the others are queried. {@code body}: the Query of a query via
     * POST, else null. Null when no registration matches.
     */
    default Uni<org.civicbroker.query.RemoteEntities.Candidates> candidates(Tenant tenant, EntityQuery query, byte[] body,
            String contentType, String rawQuery, HttpHeaders headers, LdContext ctx, int maxPerSource) {
        return Uni.createFrom().nullItem();
    }

    /**
     * A temporal query over an EntityMap (clause 4.3.6.7): each registration the map names is asked for its ids
     * (the query's filters applied again by the source), naming the source's own map when it made one.
     *
     * @param only registration id -> entity ids; {@code linkedMaps} registration id -> the source's EntityMap id
     */
    default Uni<Answer> query(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx, java.util.Map<String, List<String>> only, java.util.Map<String, String> linkedMaps) {
        return Uni.createFrom().nullItem();
    }
}
