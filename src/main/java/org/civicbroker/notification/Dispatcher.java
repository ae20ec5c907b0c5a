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
import java.util.ArrayDeque;
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
 * Pending notifications stored before a restart are queued again at start-up.
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
        recover();
        vertx.setPeriodic(1000, id -> flushStats());
    }

    /**
     * Queues every notification of the outbox not queued yet (start-up: those pending before the restart),
     * except those of changes the journal still has to hand to the notifier: that replay queues them (in
     * journal order, once the journal has recorded them handled), and queuing them here too would deliver
     * them twice when the first delivery and its outbox deletion complete before the replay stores them again.
     */
    public int recover() {
        java.util.Set<Long> replayed = journal.pendingFor(ChangeNotifier.NAME).await().indefinitely();
        int n = enqueueAbsent(outbox.all().await().indefinitely().stream()
                .filter(p -> !(p.id().endsWith("|c" + p.seq()) && replayed.contains(p.seq()))).toList());
        if (n > 0) {
            LOG.infof("Notifications: %d pending in the outbox queued for delivery", n);
        }
        return n;
    }

    /** Queues those of {@code pending} that are neither queued nor delivered and being deleted; returns how many. */
    public synchronized int enqueueAbsent(List<Pending> pending) {
        java.util.Set<String> queued = new java.util.HashSet<>();
        lanes.values().forEach(l -> l.ids(queued));
        queued.addAll(outbox.deleting());
        int n = 0;
        for (Pending p : pending) {
            if (queued.add(p.id())) {
                enqueue(p);
                n++;
            }
        }
        return n;
    }

    public void enqueue(Pending p) {
        lanes.computeIfAbsent(p.laneKey(), k -> new Lane()).offer(p);
    }

    /** Notifications queued in memory and not yet delivered (for tests and metrics). */
    public int queued() {
        return lanes.values().stream().mapToInt(Lane::size).sum();
    }

    /** Notifications of the tenant's subscriptions queued and not yet delivered. */
    public int queued(String tenant) {
        String prefix = (tenant == null ? "" : tenant) + "|";
        return lanes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().size()).sum();
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

    private final class Lane {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;
        private int attempts;

        synchronized int size() {
            return queue.size();
        }

        synchronized void ids(java.util.Set<String> out) {
            queue.forEach(p -> out.add(p.id()));
        }

        void offer(Pending p) {
            synchronized (this) {
                queue.add(p);
                if (busy) {
                    return;
                }
                busy = true;
            }
            next();
        }

        private void next() {
            Pending head;
            Subscription s;
            while (true) {
                synchronized (this) {
                    head = queue.peek();
                    if (head == null) {
                        busy = false;
                        return;
                    }
                }
                s = target(head.tenant(), head.subscriptionId());
                if (s != null) {
                    break;
                }
                // the subscription was deleted: its pending notifications go with it
                synchronized (this) {
                    queue.poll();
                    attempts = 0;
                }
                outbox.deleteLater(head.id());
            }
            final Pending sending = head;
            Sender sender = s.notification().endpoint().isMqtt() ? mqtt : http;
            Uni<Void> sent;
            try {
                sent = sender.send(s.notification().endpoint(), head);
            } catch (RuntimeException e) {
                sent = Uni.createFrom().failure(e);
            }
            SubscriptionStats stats = stats(head.tenant(), head.subscriptionId());
            sent.subscribe().with(ok -> {
                stats.sent(Instant.now());
                metrics.counter("ngsild.notifications.sent").increment();
                done(sending, true);
            }, e -> retry(sending, stats, e));
        }

        private void retry(Pending head, SubscriptionStats stats, Throwable e) {
            stats.failed(Instant.now());
            metrics.counter("ngsild.notifications.failed.attempts").increment();
            int n;
            synchronized (this) {
                n = ++attempts;
            }
            boolean tooOld = head.at().plus(maxAge).isBefore(Instant.now());
            if ((maxAttempts > 0 && n >= maxAttempts) || tooOld) {
                metrics.counter("ngsild.notifications.dropped").increment();
                LOG.warnf("Notification %s dropped after %d attempt(s): %s", head.id(), n, e.getMessage());
                done(head, false);
                return;
            }
            long delay = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(n - 1, 20));
            LOG.debugf("Notification %s failed (attempt %d), retry in %d ms: %s", head.id(), n, delay, e.getMessage());
            vertx.setTimer(Math.max(1, delay), t -> next());
        }

        private void done(Pending head, boolean delivered) {
            synchronized (this) {
                queue.poll();
                attempts = 0;
            }
            outbox.deleteLater(head.id());
            next();
        }
    }
}
