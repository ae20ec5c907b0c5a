package org.civicbroker.query.join;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.tenancy.Tenant;

/**
 * Linked-entity retrieval (clause 4.5.23) over the tenant's store: runs a {@link LinkedEntityGraph}
 * from entities already selected, reading each level's linked entities with one store read. Retrieve
 * Entity, Query Entities and (through {@link #walk}) any other caller with its own reader use it.
 */
@ApplicationScoped
public class LinkedEntities {

    private final EntityRepository repository;

    public LinkedEntities(EntityRepository repository) {
        this.repository = repository;
    }

    /** The walk from {@code selected} in the tenant's store. */
    public Uni<LinkedEntityGraph> join(Tenant tenant, List<Entity> selected, Projection projection, JoinSpec spec) {
        return join(tenant, selected, projection, spec, null);
    }

    /** As above, reading only the linked entities {@code visible} accepts (null = all): the others count as absent. */
    public Uni<LinkedEntityGraph> join(Tenant tenant, List<Entity> selected, Projection projection, JoinSpec spec,
            Predicate<Entity> visible) {
        Function<Set<String>, Uni<Map<String, Entity>>> read = ids -> repository.findAll(tenant, ids);
        Function<Set<String>, Uni<Map<String, Entity>>> fetch = visible == null ? read
                : ids -> read.apply(ids).map(found -> found.entrySet().stream().filter(en -> visible.test(en.getValue()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        return walk(new LinkedEntityGraph(selected, projection, spec), fetch);
    }

    /**
     * Completes the walk with {@code fetch}, which reads the entities with the given ids (those it finds,
     * keyed by id): one call per level that needs entities not read before.
     */
    public static Uni<LinkedEntityGraph> walk(LinkedEntityGraph graph, Function<Set<String>, Uni<Map<String, Entity>>> fetch) {
        if (graph.complete()) {
            return Uni.createFrom().item(graph);
        }
        Set<String> ids = graph.missing();
        Uni<Map<String, Entity>> found = ids.isEmpty() ? Uni.createFrom().item(Map.of()) : fetch.apply(ids);
        return found.chain(f -> {
            graph.advance(f);
            return walk(graph, fetch);
        });
    }
}
