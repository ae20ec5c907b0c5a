package org.civicbroker.register;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.civicbroker.batch.BatchService;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.temporal.TemporalRetention;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Retention and disposal that really happen (issue 17): every {@code civic.retention.interval} (and on
 * demand, {@code POST /ngsi-ld/v1/x-register/disposals/run}), for each register entry with a retention,
 * deletes the entities of the type not modified within {@code retention.currentState} (through the
 * purge path: subscriptions are notified and the history records the deletions) and the history
 * instances older than {@code retention.history}. Work goes in pages of {@code civic.retention.batch-size}
 * entities, one after the other, so live requests interleave with it; each (type, rule) of a run writes
 * a disposal record. Cutoffs come from {@link RegisterClock}.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final DataRegister register;
    private final BatchService batches;
    private final TemporalRetention history;
    private final RegisterClock clock;
    private final Vertx vertx;
    private final Duration interval;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public RetentionJob(DataRegister register, BatchService batches, TemporalRetention history, RegisterClock clock, Vertx vertx,
            @ConfigProperty(name = "civic.retention.interval", defaultValue = "1H") Duration interval,
            @ConfigProperty(name = "civic.retention.batch-size", defaultValue = "500") int batchSize) {
        this.register = register;
        this.batches = batches;
        this.history = history;
        this.clock = clock;
        this.vertx = vertx;
        this.interval = interval;
        this.batchSize = Math.max(1, batchSize);
    }

    void onStart(@Observes StartupEvent ev) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Retention job disabled (civic.retention.interval=0)");
            return;
        }
        timer = vertx.setPeriodic(interval.toMillis(), id -> runAll());
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One scheduled run over every tenant with register entries; skipped while the previous one runs. */
    void runAll() {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("Retention run skipped: the previous run is still going");
            return;
        }
        register.tenants().onItem().transformToUniAndConcatenate(this::run).collect().asList()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(r -> { }, e -> LOG.error("Retention run failed", e));
    }

    /** Applies the retention rules of one tenant now; the disposal records it wrote. */
    public Uni<List<DisposalRecord>> run(Tenant tenant) {
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        List<Versioned> entries = register.list(tenant);
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(v -> apply(tenant, v.entry(), now))
                .collect().in(ArrayList<DisposalRecord>::new, List::addAll)
                .map(l -> (List<DisposalRecord>) l);
    }

    private Uni<List<DisposalRecord>> apply(Tenant tenant, DatasetEntry e, Instant now) {
        List<DisposalRecord> out = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (e.retention().currentState() != null) {
            Instant cutoff = Retention.cutoff(e.retention().currentState(), now);
            chain = chain.chain(() -> entities(tenant, e.typeIri(), cutoff, 0))
                    .chain(n -> record(tenant, DisposalRecord.of(now, e, DisposalRecord.CURRENT_STATE, n, cutoff), out));
        }
        if (e.retention().history() != null) {
            Instant cutoff = Retention.cutoff(e.retention().history(), now);
            chain = chain.chain(() -> history(tenant, e.typeIri(), cutoff))
                    .chain(n -> record(tenant, DisposalRecord.of(now, e, DisposalRecord.HISTORY, n, cutoff), out));
        }
        return chain.replaceWith(out);
    }

    private Uni<Void> record(Tenant tenant, DisposalRecord r, List<DisposalRecord> out) {
        if (r.count() > 0) {
            LOG.infof("Retention: tenant %s, type %s, rule %s: %d deleted (cutoff %s)",
                    tenant.isDefault() ? "default" : tenant.name(), r.type(), r.rule(), r.count(), r.cutoff());
        }
        out.add(r);
        return register.recordDisposal(tenant, r);
    }

    /** Deletes page after page until a page deletes fewer than a full page. */
    private Uni<Long> entities(Tenant tenant, String typeIri, Instant cutoff, long sofar) {
        return batches.deleteNotModifiedSince(tenant, typeIri, cutoff, batchSize).chain(n -> n < batchSize
                ? Uni.createFrom().item(sofar + n) : entities(tenant, typeIri, cutoff, sofar + n));
    }

    private Uni<Long> history(Tenant tenant, String typeIri, Instant cutoff) {
        return history.expireAll(tenant, typeIri, cutoff, batchSize);
    }
}
