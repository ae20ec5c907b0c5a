package org.civicbroker.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The queryable audit collection (docs/security.md, "Audit"): records are added without delaying the answer
 * (a failed write is logged, the request is not failed for it), searched by tenant, time window, subject or
 * entity, and deleted once older than {@code CIVIC_AUDIT_RETENTION} (checked every {@link #PURGE_EVERY}).
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    static final Duration PURGE_EVERY = Duration.ofHours(1);

    /** One page of records and, when asked for, how many match in all. */
    public record Page(List<AuditRecord> records, Long total) {
    }

    private final AuditStore store;
    private final Duration retention;
    private final Vertx vertx;
    private final Clock clock = Clock.systemUTC();
    private long timer = -1;

    public AuditTrail(AuditStore store, AuditSettings settings, Vertx vertx) {
        this.store = store;
        this.retention = settings.retention();
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent ev) {
        if (!enabled()) {
            return;
        }
        store.createIndex().subscribe().with(ok -> { }, e -> LOG.debugf("audit index not created: %s", e.getMessage()));
        timer = vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> purge(clock.instant()).subscribe().with(n -> { },
                e -> LOG.warnf("audit purge failed: %s", e.getMessage())));
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Whether records go to the database ({@code CIVIC_AUDIT_RETENTION} not zero). */
    public boolean enabled() {
        return !retention.isZero() && !retention.isNegative();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Adds a record in the background. */
    public void add(AuditRecord r) {
        if (!enabled()) {
            return;
        }
        store.add(r).subscribe().with(ok -> { },
                e -> LOG.errorf("audit record not stored (%s %s by %s): %s", r.method(), r.path(), r.subject(), e.getMessage()));
    }

    /** Records the ownership stamps of one request's changes in the background (security on, whatever the retention). */
    public void stamp(String tenant, java.util.List<EntityStamps.Change> changes, String subject) {
        store.stamp(tenant, changes, subject, clock.instant()).subscribe().with(ok -> { },
                e -> LOG.errorf("ownership stamps of %d entities (%s...) not stored: %s", changes.size(),
                        changes.get(0).entityId(), e.getMessage()));
    }

    public Uni<EntityStamps.Stamps> stamps(String tenant, String entityId) {
        return store.stamps(tenant, entityId);
    }

    public Uni<Page> find(String tenant, AuditQuery q) {
        Uni<Long> total = q.count() ? store.count(tenant, q) : Uni.createFrom().nullItem();
        return store.find(tenant, q).chain(records -> total.map(n -> new Page(records, n)));
    }

    /** Deletes the records older than the retention at {@code now}; answers how many. */
    public Uni<Long> purge(Instant now) {
        return store.deleteBefore(now.minus(retention)).invoke(n -> {
            if (n > 0) {
                LOG.infof("audit: %d records older than %s deleted", n, retention);
            }
        });
    }
}
