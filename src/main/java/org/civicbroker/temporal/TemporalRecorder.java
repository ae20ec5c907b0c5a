package org.civicbroker.temporal;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records the temporal history of every entity write (issue 6 "Recording"): the durable change journal
 * hands each change here in order, at least once, also after a restart; this consumer runs after the
 * write was acknowledged, so it never delays it. Idempotent (see {@link ChangeDiff}).
 */
@ApplicationScoped
public class TemporalRecorder implements ChangeConsumer {

    private final TemporalStore store;
    private final boolean enabled;

    public TemporalRecorder(TemporalStore store,
            @ConfigProperty(name = "civic.temporal.record", defaultValue = "true") boolean enabled) {
        this.store = store;
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public Uni<Void> accept(List<Entry> changes) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(changes)
                .onItem().transformToUniAndConcatenate(this::record)
                .collect().last()
                .chain(store::afterWrite);
    }

    Uni<Void> record(Entry entry) {
        EntityChange c = entry.change();
        List<TemporalWriter.Placed> instances = ChangeDiff.instances(entry);
        Tenant tenant = new Tenant(c.tenant());
        return store.forWrite(tenant)
                .chain(db -> TemporalWriter.write(db, c.entityId(), instances, old -> {
                    Entity state = c.after() != null ? c.after() : c.before() != null ? c.before()
                            : old == null ? null : old.state();
                    if (state == null) {
                        return null;
                    }
                    return new TemporalRecord(state, c.operation() == EntityChange.Operation.DELETE ? c.at() : null,
                            old == null ? java.util.Map.of() : old.series());
                }))
                .replaceWithVoid();
    }
}
