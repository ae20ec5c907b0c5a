package org.civicbroker.query;

import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import com.mongodb.client.model.Filters;
import java.util.concurrent.atomic.AtomicLong;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.persistence.FieldNames;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs entity queries on the store (clause 5.7.2). Everything but the exact geo relation is decided by
 * the store filter; with a geo-query the bounding-box pre-filter selects candidates in the store and
 * JTS decides, so paging and counting then happen here, over the ordered candidates.
 */
@ApplicationScoped
public class QueryService {

    /**
     * One page of results, the total number of matches when asked for, and whether more matches follow
     * the page (for the next-page Link header).
     */
    public record Page(List<Entity> entities, Long count, boolean more) {
    }

    /**
     * Paging and ordering (clause 5.5.9; V1.9.1 orderBy).
     *
     * @param defaultOrder true when no orderBy was given: the order is by id
     */
    public record Paging(int offset, int limit, boolean count, Bson sort, boolean defaultOrder) {

        /** The default order (by entity id) for callers outside the query layer. */
        public static Paging byId(int offset, int limit, boolean count) {
            return new Paging(offset, limit, count, com.mongodb.client.model.Sorts.ascending(
                    org.civicbroker.persistence.EntityDocuments.ID), true);
        }
    }

    private final EntityRepository repository;
    private final boolean nativeGeo;

    public QueryService(EntityRepository repository,
            @ConfigProperty(name = "civic.query.native-geo", defaultValue = "false") boolean nativeGeo) {
        this.repository = repository;
        this.nativeGeo = nativeGeo;
    }

    /**
     * @param attributes the attribute IRIs the response needs, or empty for all (the store then
     *     returns only those: a projection, not a filter)
     */
    public Uni<Page> query(Tenant tenant, EntityQuery query, Paging paging, Optional<Set<String>> attributes) {
        Bson filter = query.filter(nativeGeo);
        Bson projection = projection(query, attributes);
        return repository.collectionForRead(tenant).chain(c -> {
            NavigableSet<String> indexed = paging.defaultOrder() ? indexedCandidates(tenant, query) : null;
            if (indexed != null) {
                return indexedPage(c, repository.databaseName(tenant), indexed, projection, paging);
            }
            return query.geo() == null
                    ? storePage(c, filter, projection, paging)
                    : geoPage(c, filter, projection, paging, query);
        });
    }

    /** With the embedded store, a plain type selection is answered from its in-process type index. */
    private NavigableSet<String> indexedCandidates(Tenant tenant, EntityQuery query) {
        EntityQuery.Selector s = query.plainTypeSelection();
        if (s == null || repository.typeIndex().isEmpty()) {
            return null;
        }
        NavigableSet<String> ids = repository.typeIndex().get()
                .idsOfAny(repository.databaseName(tenant), s.type().mentionedTypes());
        if (ids == null || s.ids().isEmpty()) {
            return ids;
        }
        TreeSet<String> selected = new TreeSet<>(s.ids());
        selected.retainAll(ids);
        return selected;
    }

    /** Reads just the page's entities by id (the store's _id index serves an $in on _id alone). */
    private Uni<Page> indexedPage(MongoCollection<Document> c, String database, NavigableSet<String> ids,
            Bson projection, Paging p) {
        List<String> pageIds = ids.stream().skip(p.offset()).limit(p.limit()).toList();
        Long count = p.count() ? (long) ids.size() : null;
        boolean more = ids.size() > (long) p.offset() + p.limit();
        if (pageIds.isEmpty()) {
            return Uni.createFrom().item(new Page(List.of(), count, more));
        }
        return multi(c.find(Filters.in(EntityDocuments.ID, pageIds)).projection(projection))
                .map(repository.documents()::toEntity)
                .collect().asMap(Entity::id)
                .map(found -> {
                    List<Entity> page = new ArrayList<>(pageIds.size());
                    pageIds.forEach(id -> {
                        Entity e = found.get(id);
                        if (e != null) {
                            page.add(e);
                        }
                    });
                    if (page.size() < pageIds.size()) {
                        // deleted while the index was being seeded: heal the index
                        repository.typeIndex().ifPresent(i -> i.forget(database,
                                pageIds.stream().filter(id -> !found.containsKey(id)).toList()));
                    }
                    return new Page(page, count, more);
                });
    }

    private Uni<Page> storePage(MongoCollection<Document> c, Bson filter, Bson projection, Paging p) {
        // one entity past the page tells whether another page follows
        Uni<List<Entity>> page = p.limit() == 0
                ? Uni.createFrom().item(List.of())
                : multi(c.find(filter).projection(projection).sort(p.sort()).skip(p.offset()).limit(p.limit() + 1))
                        .map(d -> repository.documents().toEntity(d)).collect().asList();
        Uni<Long> count = p.count()
                ? Uni.createFrom().publisher(AdaptersToFlow.publisher(c.countDocuments(filter)))
                : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(page, count).asTuple().map(t -> {
            List<Entity> found = t.getItem1();
            boolean more = found.size() > p.limit();
            return new Page(more ? found.subList(0, p.limit()) : found, t.getItem2(), more);
        });
    }

    private Uni<Page> geoPage(MongoCollection<Document> c, Bson filter, Bson projection, Paging p, EntityQuery query) {
        long end = (long) p.offset() + p.limit();
        AtomicLong matched = new AtomicLong();
        List<Entity> page = new ArrayList<>();
        Multi<Entity> matches = multi(c.find(filter).projection(projection).sort(p.sort()))
                .map(repository.documents()::toEntity)
                .filter(query::matchesGeo);
        if (!p.count()) {
            matches = matches.select().first(end + 1);  // no count wanted: stop one past the page (is there more?)
        }
        return matches.invoke(e -> {
                    long i = matched.getAndIncrement();
                    if (i >= p.offset() && i < end) {
                        page.add(e);
                    }
                })
                .collect().with(java.util.stream.Collectors.counting())
                .map(n -> new Page(page, p.count() ? n : null, n > end));
    }

    private static Bson projection(EntityQuery query, Optional<Set<String>> attributes) {
        if (attributes.isEmpty()) {
            return Projections.exclude(EntityRepository.VERSION);
        }
        List<String> fields = new ArrayList<>(List.of(EntityDocuments.ID, EntityDocuments.TYPE, EntityDocuments.SCOPE,
                EntityDocuments.CREATED_AT, EntityDocuments.MODIFIED_AT));
        attributes.get().forEach(iri -> fields.add(FieldNames.attributePath(iri)));
        if (query.geo() != null) {
            fields.add(FieldNames.attributePath(query.geo().geoproperty()));
        }
        return Projections.include(fields.stream().distinct().toList());
    }

    private static Multi<Document> multi(FindPublisher<Document> publisher) {
        return Multi.createFrom().publisher(AdaptersToFlow.publisher(publisher));
    }
}
