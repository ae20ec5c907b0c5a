package org.civicbroker.discovery;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.security.Caller;
import org.civicbroker.security.CurrentCaller;
import org.civicbroker.tenancy.Tenant;

/**
 * Computes discovery answers with one aggregation: entities grouped by their exact (types, attribute
 * names, attribute kinds), counted. The groups are few (entities of one type mostly share a shape),
 * so the folding into per-type and per-attribute statistics happens here, and only the operators that
 * the embedded store and MongoDB both support are used.
 */
@ApplicationScoped
public class DiscoveryService {

    private final EntityRepository repository;
    private final CurrentCaller caller;

    public DiscoveryService(EntityRepository repository, CurrentCaller caller) {
        this.repository = repository;
        this.caller = caller;
    }

    /** Statistics over the tenant's entities; {@code filter} narrows them (e.g. to one type or attribute). */
    Uni<TypeAttributeStats> stats(Tenant tenant, Bson filter) {
        // a caller without a token discovers the open types only (docs/security.md)
        Caller who = caller.get();
        Bson visible = who.restricted() ? Filters.and(filter, who.narrow((TypeQuery) null).toBson()) : filter;
        List<Bson> pipeline = List.of(
                Aggregates.match(visible),
                Aggregates.group(new Document("t", "$" + EntityDocuments.TYPE)
                                .append("n", "$" + EntityDocuments.ATTR_NAMES)
                                .append("k", "$" + EntityDocuments.ATTR_KINDS),
                        Accumulators.sum("c", 1)));
        return repository.collectionForRead(tenant)
                .chain(c -> Multi.createFrom().publisher(AdaptersToFlow.publisher(c.aggregate(pipeline)))
                        .collect().in(TypeAttributeStats::new, (stats, d) -> {
                            Document id = d.get("_id", Document.class);
                            stats.add(id.getList("t", String.class), list(id, "n"), list(id, "k"),
                                    ((Number) d.get("c")).longValue());
                        }));
    }

    static Bson all() {
        return Filters.empty();
    }

    static Bson ofType(String typeIri) {
        return Filters.eq(EntityDocuments.TYPE, typeIri);
    }

    static Bson withAttribute(String attributeIri) {
        return Filters.eq(EntityDocuments.ATTR_NAMES, attributeIri);
    }

    private static List<String> list(Document d, String key) {
        List<String> l = d.getList(key, String.class);
        return l == null ? List.of() : l;
    }
}
