package org.civicbroker.batch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryRequests;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Purge entities: DELETE /entities (V1.9.1 clause 5.6.21) deletes every entity that the {@code type},
 * {@code id}, {@code idPattern} and {@code q} filters select, with the query language of GET /entities
 * (same parsing and validation). A purge without any of those filters is refused with 400: it would
 * delete the whole tenant. Entities are deleted in chunks of {@code civic.batch.max-entities} (one read,
 * one bulk delete, one commit and one publication of DELETE changes per chunk); an entity that was
 * changed so that it no longer matches between the selection and its deletion is left alone.
 */
@ApplicationScoped
public class PurgeEndpoint {

    static final Set<String> FILTERS = Set.of("type", "id", "idPattern", "q");
    static final Set<String> PARAMS = Set.of("type", "id", "idPattern", "q", "local");

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
        QueryParams.bool("local", params.getFirst("local"));
        if (FILTERS.stream().noneMatch(params::containsKey)) {
            throw NgsiException.badData("A purge (DELETE /entities) needs at least one of type, id, idPattern or q;"
                    + " it never deletes every entity of a tenant");
        }
        Tenant tenant = Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
        MultivaluedMap<String, String> filters = new MultivaluedHashMap<>(params);
        filters.remove("local");
        EntityQuery query = QueryRequests.fromParameters(filters, reader.context(headers));
        Bson filter = query.filter(false);
        BatchResult result = new BatchResult();
        return repository.collection(tenant, false)
                .chain(c -> repository.matchingIds(c, filter))
                .chain(ids -> Multi.createFrom().iterable(chunks(ids))
                        .onItem().transformToUniAndConcatenate(part -> service.delete(tenant, part, filter, false, result))
                        .collect().last())
                .map(v -> result.done());
    }

    private List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += chunk) {
            out.add(ids.subList(i, Math.min(ids.size(), i + chunk)));
        }
        return out;
    }
}
