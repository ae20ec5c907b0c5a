package org.civicbroker.export;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.persistence.IdPaging;
import org.civicbroker.persistence.Rx;
import org.civicbroker.tenancy.Tenant;

/** Reads a tenant's entities as a stream, a page at a time, for exports. */
@ApplicationScoped
public class ExportStore {

    static final int BATCH = 500;

    private final EntityRepository repository;

    public ExportStore(EntityRepository repository) {
        this.repository = repository;
    }

    /** Fails (404 NonexistentTenant) before a stream starts when the tenant does not exist. */
    public void check(Tenant tenant) {
        repository.collectionForRead(tenant).await().indefinitely();
    }

    /** The entities with any of {@code typeIris} (null: all), a page at a time ({@link IdPaging}). 404 NonexistentTenant. */
    public Multi<Entity> entities(Tenant tenant, List<String> typeIris) {
        return repository.collectionForRead(tenant).toMulti()
                .onItem().transformToMultiAndConcatenate(c -> IdPaging.find(c, typeIris == null ? Filters.empty()
                        : Filters.in(EntityDocuments.TYPE, typeIris), BATCH))
                .map(repository.documents()::toEntity);
    }

    /** The attribute names (IRIs) the entities with any of these types have, for the CSV columns. */
    public Multi<String> attributeNames(Tenant tenant, List<String> typeIris) {
        return repository.collectionForRead(tenant).toMulti()
                .onItem().transformToMultiAndConcatenate(c -> Rx.multi(c.aggregate(List.of(
                        Aggregates.match(typeIris == null ? Filters.empty() : Filters.in(EntityDocuments.TYPE, typeIris)),
                        Aggregates.project(new Document(EntityDocuments.ATTR_NAMES, 1)),
                        Aggregates.unwind("$" + EntityDocuments.ATTR_NAMES),
                        Aggregates.group("$" + EntityDocuments.ATTR_NAMES),
                        Aggregates.sort(Sorts.ascending("_id"))))))
                .map(d -> d.getString("_id"));
    }
}
