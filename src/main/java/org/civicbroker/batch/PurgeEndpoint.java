package org.civicbroker.batch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryRequests;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Purge entities: DELETE /entities (V1.9.1 clause 5.6.21) selects entities with the query language of
 * GET /entities ({@code type}, {@code id}, {@code idPattern}, {@code attrs}, {@code q}, {@code scopeQ},
 * geo-query; same parsing and validation) and deletes them, or with {@code drop} only the listed
 * attributes, or with {@code keep} every attribute but the listed ones.
 *
 * <p>Clause 5.6.21.4: a purge needs a type selection, attribute names ({@code attrs}, {@code drop},
 * {@code keep}), q, a geo-query or {@code local=true}; ids alone do not restrict enough (400
 * BadRequestData), and {@code local=true} alone purges every entity of the tenant. {@code drop} with {@code keep} is 400. Entities are handled in chunks of
 * {@code civic.batch.max-entities} (one read, one bulk write, one commit and one publication of the
 * changes per chunk); an entity changed so that it no longer matches between the selection and its
 * deletion is left alone.
 */
@ApplicationScoped
public class PurgeEndpoint {

    /** Clause 5.6.21.4 a) - d): type selection, attribute names (attrs, drop, keep), q, geo-query. */
    static final Set<String> RESTRICTIONS = Set.of("type", "attrs", "drop", "keep", "q", "georel");
    static final Set<String> PARAMS = Set.of("type", "id", "idPattern", "attrs", "q", "scopeQ", "georel", "geometry",
            "coordinates", "geoproperty", "drop", "keep", "local");

    private final BatchService service;
    private final BatchRepository repository;
    private final RequestReader reader;
    private final int chunk;

    public PurgeEndpoint(BatchService service, BatchRepository repository, RequestReader reader,
            @ConfigProperty(name = "civic.batch.max-entities", defaultValue = "1000") int chunk) {
        this.service = service;
        this.repository = repository;
        this.reader = reader;
        this.chunk = chunk;
    }

    /** @param params the query parameters as {@link org.civicbroker.common.http.QueryString} splits them */
    public Uni<Response> purge(MultivaluedMap<String, String> params, HttpHeaders headers) {
        QueryParams.check(params, PARAMS);
        boolean local = QueryParams.bool("local", params.getFirst("local"));
        if (params.containsKey("drop") && params.containsKey("keep")) {
            throw NgsiException.badData("'drop' and 'keep' cannot be used together");
        }
        if (!local && RESTRICTIONS.stream().noneMatch(params::containsKey)) {
            throw NgsiException.badData("A purge (DELETE /entities) needs at least one of type, attrs, drop, keep, q "
                    + "or a geo-query, or local=true (clause 5.6.21.4: ids alone do not restrict it enough)");
        }
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        LdContext ctx = reader.context(headers);
        MultivaluedMap<String, String> filters = new MultivaluedHashMap<>(params);
        filters.remove("drop");
        filters.remove("keep");
        EntityQuery query = QueryRequests.fromParameters(filters, ctx);
        Predicate<String> removed = removedAttributes(params, ctx);
        BatchResult result = new BatchResult();
        return repository.collection(tenant, false)
                .chain(c -> repository.matchingIds(c, query))
                .chain(ids -> Multi.createFrom().iterable(chunks(ids))
                        .onItem().transformToUniAndConcatenate(part -> removed == null
                                ? service.delete(tenant, part, query.filter(false), false, result)
                                : service.write(tenant, BatchPlans.Kind.PURGE_ATTRIBUTES, targets(part, removed), result))
                        .collect().last())
                .map(v -> result.done());
    }

    /** Which attributes {@code drop} or {@code keep} delete (by expanded IRI); null to delete the entities. */
    private static Predicate<String> removedAttributes(MultivaluedMap<String, String> params, LdContext ctx) {
        String drop = params.getFirst("drop");
        String keep = params.getFirst("keep");
        if (drop != null) {
            Set<String> dropped = Projection.attrs(drop, ctx::expand).attributes();
            return dropped::contains;
        }
        if (keep != null) {
            Set<String> kept = Projection.attrs(keep, ctx::expand).attributes();
            return iri -> !kept.contains(iri);
        }
        return null;
    }

    /** One target per entity that removes the attributes; an entity deleted meanwhile is left alone. */
    private static List<BatchPlans.Target> targets(List<String> ids, Predicate<String> removed) {
        List<BatchPlans.Target> targets = new ArrayList<>(ids.size());
        for (String id : ids) {
            BatchPlans.Step step = (current, now, skipped) -> current == null ? null : without(current, removed, now);
            targets.add(new BatchPlans.Target(id, List.of(-1), List.of(step)));
        }
        return targets;
    }

    private static Entity without(Entity e, Predicate<String> removed, Instant now) {
        Map<String, List<Attribute>> kept = new LinkedHashMap<>();
        e.attributes().forEach((iri, instances) -> {
            if (!removed.test(iri)) {
                kept.put(iri, instances);
            }
        });
        return kept.size() == e.attributes().size() ? e : e.withAttributes(kept).withModifiedAt(now);
    }

    private List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += chunk) {
            out.add(ids.subList(i, Math.min(ids.size(), i + chunk)));
        }
        return out;
    }
}
