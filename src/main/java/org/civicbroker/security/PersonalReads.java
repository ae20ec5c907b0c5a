package org.civicbroker.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.civicbroker.audit.ReadLedger;
import org.civicbroker.model.Entity;
import org.civicbroker.register.DataRegister;
import org.civicbroker.register.DatasetEntry;
import org.civicbroker.tenancy.Tenant;

/**
 * Notes the entities of personal types that a request reads (issue 16: the audit log records who read what,
 * "for entities marked as holding personal data at least"; docs/security.md, "Audit"). A type is personal
 * when the tenant's data register classifies it as personal or special category data, or classifies one of
 * its attributes so (reading the entity reveals that attribute). Called where entities are rendered for an
 * answer (the entity retrieval and query renderer, the temporal renderer); {@link AuditLog} turns the
 * request's {@link ReadLedger} into one audit record after a successful answer.
 *
 * <p>Off the hot path: with security off, or in a tenant whose register has no entry, it returns at once;
 * otherwise it costs one map lookup per type of each entity read.
 */
@ApplicationScoped
public class PersonalReads {

    private final SecurityMode mode;
    private final DataRegister register;
    private final ReadLedger ledger;

    public PersonalReads(SecurityMode mode, DataRegister register, ReadLedger ledger) {
        this.mode = mode;
        this.register = register;
        this.ledger = ledger;  // a client proxy: the current request's ledger
    }

    public void note(Tenant tenant, Collection<Entity> entities) {
        Map<String, DataRegister.Versioned> entries = entries(tenant);
        if (entries == null) {
            return;
        }
        Boolean inRequest = null;
        for (Entity e : entities) {
            if (personal(entries, e.types())) {
                inRequest = inRequest == null ? Arc.container().requestContext().isActive() : inRequest;
                if (!inRequest) {
                    return;  // a read made by a background job is not a caller's read
                }
                ledger.add(e.id());
            }
        }
    }

    public void note(Tenant tenant, Entity entity) {
        note(tenant, List.of(entity));
    }

    /** The tenant's register entries when reads must be looked at; null when nothing can be personal. */
    private Map<String, DataRegister.Versioned> entries(Tenant tenant) {
        if (!mode.enabled()) {
            return null;
        }
        Map<String, DataRegister.Versioned> entries = register.current(tenant);
        return entries.isEmpty() ? null : entries;
    }

    /** Whether an entity with these (expanded) types holds personal data by the register. Pure. */
    static boolean personal(Map<String, DataRegister.Versioned> entries, List<String> types) {
        for (String t : types) {
            DataRegister.Versioned v = entries.get(t);
            if (v != null && personal(v.entry())) {
                return true;
            }
        }
        return false;
    }

    static boolean personal(DatasetEntry e) {
        return e.personalData().personal() || e.attributes().stream().anyMatch(a -> a.personalData().personal());
    }
}
