package org.civicbroker.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.civicbroker.events.ChangeJournal;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionRegistry;
import org.civicbroker.subscription.SubscriptionStats;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox (clause 5.11): one lane per subscription with at most one notification in flight,
 * so notifications of a subscription arrive in order and a slow or dead endpoint delays only its own
 * subscription. A failed delivery is retried with exponential back-off (initial delay doubling up to the
 * maximum) and holds the lane; after {@code max-attempts} (0 = no limit) or once the notification is
 * older than {@code max-age} it is dropped and counted ({@code ngsild_notifications_dropped_total}).
 * Pending notifications stored before a restart are queued again at start-up. A lane holds at most
 * {@link Lane#HELD} notifications with their body and reads the others from the outbox when it reaches them.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final SubscriptionRegistry registry;
    private final Outbox outbox;
    private final ChangeJournal journal;
    private final HttpSender http;
    private final MqttSender mqtt;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxAge;
    private final int maxAttempts;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Ids of the notifications queued in the lanes (held or waiting), for {@link #enqueueAbsent}. */
    private final java.util.Set<String> queuedIds = ConcurrentHashMap.newKeySet();
    private final Lane.Outlet outlet = new DispatcherOutlet();
    private final jakarta.enterprise.inject.Instance<NotificationTargets> others;

    public Dispatcher(SubscriptionRegistry registry, Outbox outbox, ChangeJournal journal, HttpSender http, MqttSender mqtt,
            Vertx vertx, MeterRegistry metrics, jakarta.enterprise.inject.Instance<NotificationTargets> others,
            @ConfigProperty(name = "civic.notification.retry.initial-delay", defaultValue = "1S") Duration initialDelay,
            @ConfigProperty(name = "civic.notification.retry.max-delay", defaultValue = "60S") Duration maxDelay,
            @ConfigProperty(name = "civic.notification.retry.max-age", defaultValue = "24H") Duration maxAge,
            @ConfigProperty(name = "civic.notification.retry.max-attempts", defaultValue = "0") int maxAttempts) {
        this.registry = registry;
        this.others = others;
        this.outbox = outbox;
        this.journal = journal;
        this.http = http;
        this.mqtt = mqtt;
        this.vertx = vertx;
        this.metrics = metrics;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAge = maxAge;
        this.maxAttempts = maxAttempts;
    }

    /** After the subscriptions are loaded, before the change journal replays: pending ones go first. */
    void onStart(@Observes @Priority(200) StartupEvent ev) {
        // the senders exist before the first delivery: a lane reading recovered notifications from the outbox
        // sends from a worker thread, whose context class loader can belong to another application when a test
        // JVM restarted Quarkus, and creating a bean there fails (ServiceConfigurationError)
        io.quarkus.arc.ClientProxy.unwrap(http);
        io.quarkus.arc.ClientProxy.unwrap(mqtt);
        recover();
        io.micrometer.core.instrument.Gauge.builder("ngsild.notifications.queued", this, Dispatcher::queued)
                .description("Notifications queued for delivery").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("ngsild.notifications.held", this, Dispatcher::held)
                .description("Notifications queued for delivery and held in memory with their body").register(metrics);
        vertx.setPeriodic(1000, id -> flushStats());
    }

    /**
     * Queues every notification of the outbox not queued yet (start-up: those pending before the restart),
     * except those of changes the journal still has to hand to the notifier: that replay queues them (in
     * journal order, once the journal has recorded them handled), and queuing them here too would deliver
     * them twice when the first delivery and its outbox deletion complete before the replay stores them again.
     * Reads only their ids and order keys: the lanes read the notifications as they reach them (issue 19).
     */
    public int recover() {
        java.util.Set<Long> replayed = journal.pendingFor(ChangeNotifier.NAME).await().indefinitely();
        Map<String, List<String>> byLane = new java.util.LinkedHashMap<>();
        List<Outbox.Key> keys = outbox.keys().await().indefinitely();
        int n = 0;
        synchronized (this) {
            for (Outbox.Key k : keys) {
                if (!(k.id().endsWith("|c" + k.seq()) && replayed.contains(k.seq())) && absent(k.id())) {
                    byLane.computeIfAbsent(k.laneKey(), x -> new java.util.ArrayList<>()).add(k.id());
                    n++;
                }
            }
        }
        byLane.forEach((lane, ids) -> lane(lane).offerStored(ids));
        if (n > 0) {
            LOG.infof("Notifications: %d pending in the outbox queued for delivery", n);
        }
        return n;
    }

    /** Queues those of {@code pending} that are neither queued nor delivered and being deleted; returns how many. */
    public synchronized int enqueueAbsent(List<Pending> pending) {
        int n = 0;
        for (Pending p : pending) {
            if (absent(p.id())) {
                lane(p.laneKey()).offer(p);
                n++;
            }
        }
        return n;
    }

    /**
     * Marks the id queued unless it is queued already or delivered and being deleted. The id is added before
     * the outbox is asked, and a lane removes it only after handing it to the outbox's deletion ({@code DispatcherOutlet.removed}),
     * so one of the two always has it.
     */
    private boolean absent(String id) {
        if (!queuedIds.add(id)) {
            return false;
        }
        if (outbox.isDeleting(id)) {
            queuedIds.remove(id);
            return false;
        }
        return true;
    }

    public void enqueue(Pending p) {
        if (queuedIds.add(p.id())) {
            lane(p.laneKey()).offer(p);
        }
    }

    private Lane lane(String key) {
        return lanes.computeIfAbsent(key, k -> new Lane(Lane.HELD, outlet));
    }

    /** Notifications queued and not yet delivered (for tests and metrics). */
    public int queued() {
        return lanes.values().stream().mapToInt(Lane::size).sum();
    }

    /** Notifications queued and held in memory with their body (at most {@link Lane#HELD} per subscription). */
    public int held() {
        return lanes.values().stream().mapToInt(Lane::held).sum();
    }

    /** Notifications of the tenant's subscriptions queued and not yet delivered. */
    public int queued(String tenant) {
        String prefix = (tenant == null ? "" : tenant) + "|";
        return lanes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().size()).sum();
    }

    /** Notifications of the tenant's subscriptions held in memory with their body. */
    public int held(String tenant) {
        String prefix = (tenant == null ? "" : tenant) + "|";
        return lanes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().held()).sum();
    }

    /** Writes the changed delivery statistics (batched: at most once a second per subscription). */
    void flushStats() {
        for (Subscription s : registry.all()) {
            Document d = registry.stats(s.tenant(), s.id()).takeDirty();
            if (d != null) {
                registry.store().saveStats(new Tenant(s.tenant()), s.id(), d).subscribe().with(x -> { },
                        e -> LOG.warnf("Subscription %s: statistics not saved: %s", s.id(), e.getMessage()));
            }
        }
    }

    /** The entity subscription, or the other subscription ({@link NotificationTargets}) a notification names. */
    private Subscription target(String tenant, String subscriptionId) {
        Subscription s = registry.get(tenant, subscriptionId);
        if (s == null) {
            for (NotificationTargets t : others) {
                s = t.find(tenant, subscriptionId);
                if (s != null) {
                    break;
                }
            }
        }
        return s;
    }

    private SubscriptionStats stats(String tenant, String subscriptionId) {
        if (registry.get(tenant, subscriptionId) == null) {
            for (NotificationTargets t : others) {
                if (t.find(tenant, subscriptionId) != null) {
                    return t.stats(tenant, subscriptionId);
                }
            }
        }
        return registry.stats(tenant, subscriptionId);
    }

    /** Delivery as the lanes see it: the subscription's endpoint, statistics, retry policy and the outbox. */
    private final class DispatcherOutlet implements Lane.Outlet {

        @Override
        public Uni<Void> send(Pending p) {
            Subscription s = target(p.tenant(), p.subscriptionId());
            if (s == null) {
                return null;
            }
            Sender sender = s.notification().endpoint().isMqtt() ? mqtt : http;
            return sender.send(s.notification().endpoint(), p);
        }

        @Override
        public void sent(Pending p) {
            stats(p.tenant(), p.subscriptionId()).sent(Instant.now());
            metrics.counter("ngsild.notifications.sent").increment();
        }

        @Override
        public long failed(Pending p, int n, Throwable e) {
            stats(p.tenant(), p.subscriptionId()).failed(Instant.now());
            metrics.counter("ngsild.notifications.failed.attempts").increment();
            boolean tooOld = p.at().plus(maxAge).isBefore(Instant.now());
            if ((maxAttempts > 0 && n >= maxAttempts) || tooOld) {
                metrics.counter("ngsild.notifications.dropped").increment();
                LOG.warnf("Notification %s dropped after %d attempt(s): %s", p.id(), n, e.getMessage());
                return -1;
            }
            long delay = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(n - 1, 20));
            LOG.debugf("Notification %s failed (attempt %d), retry in %d ms: %s", p.id(), n, delay, e.getMessage());
            return delay;
        }

        @Override
        public void later(long millis, Runnable task) {
            vertx.setTimer(millis, t -> task.run());
        }

        @Override
        public void removed(String id) {
            outbox.deleteLater(id);  // before the id leaves queuedIds: see absent()
            queuedIds.remove(id);
        }

        @Override
        public Uni<List<Pending>> load(List<String> ids) {
            // the lane sends from the reply on: on a worker, not on the driver's thread (it lacks the application's
            // class loader, and a sender bean first created there fails to read its configuration)
            return outbox.load(ids).emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
        }

        @Override
        public boolean closed() {
            return outbox.closed();
        }
    }
}
