package org.civicbroker.temporal;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Entity;
import org.civicbroker.register.HistoryPolicy;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records the temporal history of every entity write (issue 6 "Recording"): the durable change journal
 * hands each change here in order, at least once, also after a restart; this consumer runs after the
 * write was acknowledged, so it never delays it. Idempotent (see {@link ChangeDiff}).
 *
 * <p>A whole batch is written at once, per tenant: its changes become one {@link TemporalBatch} (applied
 * in journal order per document) that {@link TemporalWriter} stores with a constant number of bulk
 * reads and writes, instead of a read-modify-write per change and bucket. The batch completes (and the
 * journal marks it done) only after the writes are durable.
 */
@ApplicationScoped
public class TemporalRecorder implements ChangeConsumer {

    /** The consumer's name in the change journal. */
    public static final String NAME = "temporal";

    private final TemporalStore store;
    private final HistoryPolicy policy;
    private final boolean enabled;

    public TemporalRecorder(TemporalStore store, HistoryPolicy policy,
            @ConfigProperty(name = "civic.temporal.record", defaultValue = "true") boolean enabled) {
        this.store = store;
        this.policy = policy;
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<Void> accept(List<Entry> changes) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<Entry>> byTenant = new LinkedHashMap<>();
        changes.forEach(e -> byTenant.computeIfAbsent(e.change().tenant(), k -> new ArrayList<>()).add(e));
        return Multi.createFrom().iterable(byTenant.entrySet())
                .onItem().transformToUniAndConcatenate(t -> store.forWrite(new Tenant(t.getKey()))
                        .chain(db -> TemporalWriter.write(db, plan(forHistory(new Tenant(t.getKey()), t.getValue())))))
                .collect().asList()
                .chain(store::afterWrite);
    }

    /** The changes as the history may see them: attributes the register keeps out of history removed. */
    private List<Entry> forHistory(Tenant tenant, List<Entry> entries) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            EntityChange c = e.change();
            out.add(new Entry(e.seq(), new EntityChange(c.tenant(), c.operation(), c.entityId(),
                    policy.forHistory(tenant, c.before()), policy.forHistory(tenant, c.after()), c.at())));
        }
        return out;
    }

    /** What a tenant's changes add to its history, in journal order. */
    static TemporalBatch plan(List<Entry> entries) {
        TemporalBatch batch = new TemporalBatch();
        for (Entry entry : entries) {
            EntityChange c = entry.change();
            if (c.operation() == EntityChange.Operation.TEMPORAL) {
                continue;  // the temporal API stored these instances and the record itself
            }
            batch.place(c.entityId(), ChangeDiff.instances(entry), old -> {
                Entity state = c.after() != null ? c.after() : c.before() != null ? c.before()
                        : old == null ? null : old.state();
                if (state == null) {
                    return null;
                }
                return new TemporalRecord(state, c.operation() == EntityChange.Operation.DELETE ? c.at() : null,
                        old == null ? Map.of() : old.series());
            });
        }
        return batch;
    }
}
