package org.civicbroker.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entities the current request has created, changed or deleted, for the ownership stamps
 * (docs/security.md, "Ownership"): filled from the one path every entity write takes (the change events of
 * {@code events.ChangeEvents}, which entity, batch, purge, import and temporal writes all publish), flushed by
 * {@code security.AuditLog} after the answer with the caller's subject. One change per entity: a creation
 * stays a creation when the same request changes the entity again. Request scoped.
 */
@RequestScoped
public class WriteLedger {

    private final Map<String, EntityStamps.Kind> changes = new LinkedHashMap<>();

    public synchronized void add(String entityId, EntityStamps.Kind kind) {
        changes.merge(entityId, kind, EntityStamps::combine);
    }

    public synchronized boolean isEmpty() {
        return changes.isEmpty();
    }

    public synchronized List<EntityStamps.Change> changes() {
        List<EntityStamps.Change> out = new ArrayList<>(changes.size());
        changes.forEach((id, kind) -> out.add(new EntityStamps.Change(id, kind)));
        return out;
    }
}
