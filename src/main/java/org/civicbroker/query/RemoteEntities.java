package org.civicbroker.query;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Set;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;

/**
 * Entities held by registered context sources (clause 4.3.6, implemented by the federation package): a
 * query or retrieval consults them unless {@code local=true}. Every method completes with null when no
 * registration matches, so a broker without registrations does nothing more than a map look-up.
 */
public interface RemoteEntities {

    /** What the sources answered. */
    interface Answer {
        /** The local entities merged with the sources' (by id, as the registrations' modes say), in id order. */
        List<Entity> merge(List<Entity> local);

        /** One line per source that failed (for the NGSILD-Warning header), empty when all answered. */
        List<String> failures();

        /**
         * The number of matching entities the sources reported (their NGSILD-Results-Count, summed), less
         * those also held here or by another source as far as the fetched pages show; null when a source
         * did not report one.
         */
        Long count(List<Entity> local, List<Entity> merged);

        /** Registration id -> the ids of the entities its source answered (for EntityMaps, clause 5.14.4). */
        default java.util.Map<String, List<String>> idsBySource() {
            return java.util.Map.of();
        }
    }

    /** Query Entities (clause 5.7.2) forwarded to the matching registrations, or null. */
    Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx);

    /**
     * Query Entities over an EntityMap (clause 4.3.6.7): only the registrations the map names are asked, each
     * for the ids the map gives it. {@code only}: registration id -> entity ids.
     */
    default Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx,
            java.util.Map<String, List<String>> only) {
        return Uni.createFrom().nullItem();
    }

    /**
     * Query Entities with a Query body (POST /entityOperations/query, clause 5.7.2, operation {@code queryBatch}
     * of clause 4.20) forwarded to the matching registrations, or null.
     *
     * @param body the client's Query document as sent, {@code contentType} its media type
     */
    default Uni<Answer> queryBatch(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx) {
        return Uni.createFrom().nullItem();
    }

    /** Retrieve Entity (clause 5.7.1) forwarded to the matching registrations, or null. */
    Uni<Answer> retrieve(Tenant tenant, String id, TypeQuery type, Set<String> attrs, String path, String rawQuery,
            HttpHeaders headers, LdContext ctx);
}
