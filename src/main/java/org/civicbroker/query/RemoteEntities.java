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

        /**
         * One NGSILD-Warning header value per source that failed (clause 6.3.17, warn code and text already
         * chosen by the federation package), empty when all answered.
         */
        List<String> warnings();

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

        /** No source to ask: the local answer as it is. */
        Answer NONE = new Answer() {
            @Override
            public List<Entity> merge(List<Entity> local) {
                return local;
            }

            @Override
            public List<String> warnings() {
                return List.of();
            }

            @Override
            public Long count(List<Entity> local, List<Entity> merged) {
                return 0L;
            }
        };
    }

    /** Query Entities (clause 5.7.2) forwarded to the matching registrations, or null. */
    Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx);

    /**
     * Query Entities over an EntityMap (clause 4.3.6.7): only the registrations the map names are asked, each
     * for the ids the map gives it. {@code only}: registration id -> entity ids.
     */
    default Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx,
            java.util.Map<String, List<String>> only) {
        return query(tenant, query, rawQuery, headers, ctx, only, java.util.Map.of());
    }

    /**
     * As above; {@code linkedMaps}: registration id -> the id of the EntityMap its source made (clause 5.2.39),
     * named in the forwarded request's NGSILD-EntityMap header so that the source pages over its own map.
     */
    default Uni<Answer> query(Tenant tenant, EntityQuery query, String rawQuery, HttpHeaders headers, LdContext ctx,
            java.util.Map<String, List<String>> only, java.util.Map<String, String> linkedMaps) {
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

    /**
     * The candidates of an EntityMap (clauses 5.14.4, 4.3.6.7) at the sources: registration id -> entity ids, and
     * registration id -> the id of the EntityMap the source made of its part (linkedMaps, clause 5.2.39).
     */
    record Candidates(java.util.Map<String, List<String>> idsBySource, java.util.Map<String, String> linkedMaps) {
    }

    /**
     * Asks the matching registrations for the candidates of a query (Create EntityMap for Query Entities, clause
     * 5.14.4): a registration that takes {@code createEntityMapQueryEntity} is asked to make an EntityMap of its
     * own (recorded in linkedMaps), the others are queried; each for up to {@code maxPerSource} entities.
     * {@code body} is the Query of a query via POST (its media type {@code contentType}), or null for the
     * parameters of {@code rawQuery}. Null when no registration matches.
     */
    default Uni<Candidates> candidates(Tenant tenant, EntityQuery query, byte[] body, String contentType, String rawQuery,
            HttpHeaders headers, LdContext ctx, int maxPerSource) {
        return Uni.createFrom().nullItem();
    }

    /**
     * Query Entities with a Query body over an EntityMap (clause 4.3.6.7): as {@link #query(Tenant, EntityQuery,
     * String, HttpHeaders, LdContext, java.util.Map)}, the Query's filters sent as the parameters of the equivalent
     * GET. {@code linkedMaps}: registration id -> the source's own EntityMap, named in the forwarded request.
     */
    default Uni<Answer> queryBatch(Tenant tenant, EntityQuery query, byte[] body, String rawQuery, HttpHeaders headers,
            LdContext ctx, java.util.Map<String, List<String>> only, java.util.Map<String, String> linkedMaps) {
        return Uni.createFrom().nullItem();
    }

    /** Retrieve Entity (clause 5.7.1) forwarded to the matching registrations, or null. */
    Uni<Answer> retrieve(Tenant tenant, String id, TypeQuery type, Set<String> attrs, String path, String rawQuery,
            HttpHeaders headers, LdContext ctx);
}
