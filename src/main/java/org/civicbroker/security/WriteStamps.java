package org.civicbroker.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civicbroker.audit.EntityStamps;
import org.civicbroker.audit.WriteLedger;
import org.civicbroker.events.ChangeObserver;
import org.civicbroker.events.EntityChange;

/**
 * Gathers the entity changes a request publishes into its {@link WriteLedger}, for the ownership stamps
 * (docs/security.md, "Ownership"). Every entity write publishes its changes, so single-entity, batch, purge,
 * import and temporal writes are all stamped here; {@link AuditLog} stamps them with the caller's subject
 * after the answer. Nothing with security off; changes published outside a request (retention jobs) are
 * nobody's and are not stamped.
 */
@ApplicationScoped
public class WriteStamps implements ChangeObserver {

    private final SecurityMode mode;
    private final WriteLedger ledger;

    public WriteStamps(SecurityMode mode, WriteLedger ledger) {
        this.mode = mode;
        this.ledger = ledger;  // a client proxy: the current request's ledger
    }

    @Override
    public void published(List<EntityChange> changes) {
        if (!mode.enabled() || !Arc.container().requestContext().isActive()) {
            return;
        }
        for (EntityChange c : changes) {
            ledger.add(c.entityId(), EntityStamps.kind(c.before() != null, c.after() != null));
        }
    }
}
