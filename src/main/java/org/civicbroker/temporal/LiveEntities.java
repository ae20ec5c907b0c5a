package org.civicbroker.temporal;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.entity.EntityService;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;

/**
 * One entity, two views: an entity created or extended through {@code /temporal/entities} (clauses
 * 5.6.11, 5.6.12) is the entity the entity API serves, whose current state is made of its latest
 * instances. After the temporal API stored the instances, the live entity is created, or each of its
 * attribute instances (attribute + datasetId) is replaced by the posted latest one unless the live one
 * was observed later (a back-filled history does not overwrite a newer current value). The change is
 * announced as {@link Operation#TEMPORAL}: subscriptions see it, and the history recorder adds no
 * instances for it (the temporal API wrote them). A later deletion through the entity API is then
 * recorded in the history as a deletion instance, as for any entity.
 */
@ApplicationScoped
public class LiveEntities {

    private final EntityService entities;

    public LiveEntities(EntityService entities) {
        this.entities = entities;
    }

    /**
     * @param types the posted types (null in a fragment)
     * @param scopes the posted scopes (null when not given)
     * @param latest per attribute IRI, the latest posted instance of each datasetId
     */
    public Uni<Void> upsert(Tenant tenant, String id, List<String> types, List<String> scopes,
            Map<String, List<Attribute>> latest) {
        return entities.update(tenant, id, Operation.TEMPORAL, stored -> {
            Entity next = merged(stored, types, scopes, latest, EntityService.now());
            return new EntityService.Change<Void>(next == null ? null : next, null);
        }).onFailure(notFound()).recoverWithUni(() -> {
            if (types == null || types.isEmpty()) {
                return Uni.createFrom().voidItem();  // a fragment cannot make an entity without a type
            }
            Entity fresh = new Entity(id, types, scopes == null ? List.of() : scopes, null, null, latest);
            return entities.create(tenant, fresh, Operation.TEMPORAL).replaceWithVoid()
                    // another writer created it in between: merge into that one
                    .onFailure(e -> e instanceof NgsiException n && n.type() == ErrorType.ALREADY_EXISTS)
                    .recoverWithUni(() -> entities.update(tenant, id, Operation.TEMPORAL, stored -> new EntityService.Change<Void>(
                            merged(stored, types, scopes, latest, EntityService.now()), null)));
        });
    }

    private static java.util.function.Predicate<Throwable> notFound() {
        return e -> e instanceof NgsiException n && n.type() == ErrorType.RESOURCE_NOT_FOUND;
    }

    /**
     * The stored entity with the posted latest instances laid over it (null when nothing changes): an
     * instance replaces the stored one of its datasetId unless the stored one was observed later; types
     * are added; a posted scope replaces the entity's. Pure.
     */
    static Entity merged(Entity stored, List<String> types, List<String> scopes, Map<String, List<Attribute>> latest,
            Instant now) {
        boolean changed = false;
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        stored.attributes().forEach((k, v) -> attrs.put(k, new ArrayList<>(v)));
        for (Map.Entry<String, List<Attribute>> e : latest.entrySet()) {
            List<Attribute> line = attrs.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            for (Attribute a : e.getValue()) {
                int i = indexOf(line, a.datasetId());
                Attribute old = i < 0 ? null : line.get(i);
                if (old != null && old.observedAt() != null
                        && (a.observedAt() == null || old.observedAt().isAfter(a.observedAt()))) {
                    continue;  // the live value is newer than anything posted
                }
                Attribute stamped = a.withTimestamps(old == null ? now : old.createdAt(), now);
                if (old == null) {
                    line.add(stamped);
                } else {
                    line.set(i, stamped);
                }
                changed = true;
            }
        }
        LinkedHashSet<String> allTypes = new LinkedHashSet<>(stored.types());
        if (types != null) {
            allTypes.addAll(types);
        }
        List<String> nextScopes = scopes != null ? scopes : stored.scopes();
        if (!changed && allTypes.size() == stored.types().size() && nextScopes.equals(stored.scopes())) {
            return null;
        }
        attrs.values().removeIf(List::isEmpty);
        return new Entity(stored.id(), new ArrayList<>(allTypes), nextScopes, stored.createdAt(), now, attrs);
    }

    private static int indexOf(List<Attribute> line, String datasetId) {
        for (int i = 0; i < line.size(); i++) {
            if (Objects.equals(line.get(i).datasetId(), datasetId)) {
                return i;
            }
        }
        return -1;
    }
}
