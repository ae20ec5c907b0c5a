package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.entitymap.EntityMap;
import org.civicbroker.entitymap.EntityMaps;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryEndpoint;
import org.civicbroker.query.QueryRequests;
import org.civicbroker.query.RemoteEntities;
import org.civicbroker.tenancy.Tenant;

/**
 * EntityMaps of temporal queries (clauses 4.3.6.7, 5.14.5, 6.18.3.2, 6.24, 6.35): {@code entityMap=true} (or a
 * map no longer known) makes a map of the query's candidates (the entities held here that the temporal query
 * selects, {@code @none}, and those of each matching registration: its source's own map, recorded in
 * linkedMaps, or what it answers to the query) and answers 201; a live map named in the {@code NGSILD-EntityMap}
 * header makes later pages consider the map's entities only (those held here queried here by id, each
 * registration's asked of its source by id), the filters being applied again. The maps are those of
 * {@code /entityMaps} (same store, same lifetime rules).
 */
final class TemporalMaps {

    private TemporalMaps() {
    }

    /** Whether a temporal query asks for an EntityMap (the flag or the header, clause 6.18.3.2). */
    static boolean asked(MultivaluedMap<String, String> p, HttpHeaders headers) {
        return org.civicbroker.common.http.QueryParams.bool("entityMap", p.getFirst("entityMap"))
                || headers.getHeaderString(EntityMaps.HEADER) != null;
    }

    /** What a temporal query over a map needs besides its own parameters. */
    record Context(TemporalQueries queries, EntityMaps maps, RemoteTemporal remote, QueryRequests.Limits limits,
            int maxInstances, HttpHeaders headers, boolean local) {
    }

    /**
     * A temporal query over an EntityMap, answered by {@link TemporalFederation}; 201 when the map was made now,
     * its location in NGSILD-EntityMap either way.
     *
     * @param body the Query of a query via POST (null for GET), {@code contentType} its media type
     */
    static Uni<Response> query(Context c, Tenant tenant, EntityQuery query, MultivaluedMap<String, String> p, TemporalQuery tq,
            LdContext ctx, Negotiation.Representation rep, byte[] body, String contentType, String path, String rawQuery) {
        EntityMap existing = c.maps().fromHeader(tenant.name(), c.headers().getHeaderString(EntityMaps.HEADER));
        Uni<EntityMap> map = existing != null ? Uni.createFrom().item(existing)
                : create(c, tenant, query, p, tq, ctx, body, contentType, rawQuery);
        return map.chain(m -> {
            EntityQuery here = QueryEndpoint.onlyIds(query, m.idsOf(EntityMap.LOCAL));
            Map<String, List<String>> bySource = m.bySource();
            Uni<RemoteTemporal.Answer> theirs = c.local() || c.remote() == null || bySource.isEmpty()
                    ? Uni.createFrom().nullItem()
                    : c.remote().query(tenant, query, body, contentType, rawQuery, c.headers(), ctx, bySource, m.linkedMaps());
            return theirs.chain(answer -> TemporalFederation.query(c.queries(), tenant, here, p, tq, ctx, rep, c.limits(),
                    c.maxInstances(), answer == null ? NOTHING : answer, path, rawQuery)).map(r -> {
                        Response.ResponseBuilder b = Response.fromResponse(r).header(EntityMaps.HEADER, m.location());
                        if (existing == null && r.getStatus() == 200) {
                            b.status(201);
                        }
                        return b.build();
                    });
        });
    }

    /** Create EntityMap for Query Temporal Evolution of Entities (clause 5.14.5): the candidates of the query. */
    static Uni<EntityMap> create(Context c, Tenant tenant, EntityQuery query, MultivaluedMap<String, String> p, TemporalQuery tq,
            LdContext ctx, byte[] body, String contentType, String rawQuery) {
        String lifetime = p.getFirst("entityMapLifetime");
        EntityMaps.lifetime(lifetime);  // a bad lifetime is refused before any source is asked
        TemporalQueries.Request req = TemporalRequests.request(p, tq, ctx, false, c.maxInstances());
        Uni<TemporalQueries.Answer> here = c.queries().query(tenant, query, 0, c.limits().maxLimit(), false,
                QueryRequests.paging(p, ctx, c.limits()).sort(), req);
        Uni<RemoteEntities.Candidates> theirs = c.local() || c.remote() == null ? Uni.createFrom().nullItem()
                : c.remote().candidates(tenant, query, body, contentType, everything(rawQuery, c.limits().maxLimit()), c.headers(),
                        ctx, c.limits().maxLimit());
        return Uni.combine().all().unis(here, theirs).asTuple().map(t -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            t.getItem1().body().forEach(e -> out.computeIfAbsent(e.path("id").asText(), k -> new ArrayList<>()).add(EntityMap.LOCAL));
            Map<String, String> linked = Map.of();
            if (t.getItem2() != null) {
                t.getItem2().idsBySource().forEach((registration, ids) -> ids.forEach(id -> {
                    List<String> holders = out.computeIfAbsent(id, k -> new ArrayList<>());
                    if (!holders.contains(registration)) {
                        holders.add(registration);
                    }
                }));
                linked = t.getItem2().linkedMaps();
            }
            return c.maps().create(tenant.name(), out, linked, lifetime);
        });
    }

    /** The client's query string without paging, asking each source for up to {@code max} entities. */
    private static String everything(String rawQuery, int max) {
        List<String> out = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!pair.isEmpty() && !Set.of("limit", "offset", "count", "entityMap", "entityMapLifetime").contains(name)) {
                    out.add(pair);
                }
            }
        }
        out.add("limit=" + max);
        return String.join("&", out);
    }

    /** No source to ask: the local answer as it is. */
    private static final RemoteTemporal.Answer NOTHING = new RemoteTemporal.Answer() {
        @Override
        public List<ObjectNode> merge(List<ObjectNode> local, Integer lastN, String timeproperty) {
            return local;
        }

        @Override
        public List<String> warnings() {
            return List.of();
        }

        @Override
        public Long count(List<ObjectNode> local, List<ObjectNode> merged) {
            return 0L;
        }
    };
}
