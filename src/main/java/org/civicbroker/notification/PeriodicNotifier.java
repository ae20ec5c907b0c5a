package org.civicbroker.notification;

import com.mongodb.client.model.Sorts;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryService;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionRegistry;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Periodic subscriptions ({@code timeInterval}, clause 5.8.1): a Vert.x timer per subscription queries
 * the current state of the selected entities (the subscription's selectors, q, geoQ, scopeQ) and, when
 * any match, stores and queues one notification with all of them (at most {@code max-entities}).
 */
@ApplicationScoped
public class PeriodicNotifier {

    private static final Logger LOG = Logger.getLogger(PeriodicNotifier.class);

    private final SubscriptionRegistry registry;
    private final QueryService queries;
    private final ContextResolver contexts;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final Vertx vertx;
    private final int maxEntities;
    private final NotificationRenderer renderer;
    private final LinkedEntities linked;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    public PeriodicNotifier(SubscriptionRegistry registry, QueryService queries, ContextResolver contexts, Outbox outbox,
            Dispatcher dispatcher, Vertx vertx, LinkedEntities linked,
            @ConfigProperty(name = "civic.notification.periodic.max-entities", defaultValue = "1000") int maxEntities,
            @ConfigProperty(name = "civic.jsonld.public-base-url") Optional<String> publicBaseUrl) {
        this.renderer = new NotificationRenderer(publicBaseUrl);
        this.linked = linked;
        this.registry = registry;
        this.queries = queries;
        this.contexts = contexts;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.vertx = vertx;
        this.maxEntities = maxEntities;
    }

    void onStart(@Observes @Priority(150) StartupEvent ev) {
        registry.listen(this::changed);
        registry.all().forEach(s -> changed(s, true));
    }

    private void changed(Subscription s, boolean present) {
        String key = s.tenant() + "|" + s.id();
        Long old = timers.remove(key);
        if (old != null) {
            vertx.cancelTimer(old);
        }
        if (present && s.periodic()) {
            long ms = Math.max(1000, (long) (s.timeInterval() * 1000));
            timers.put(key, vertx.setPeriodic(ms, id -> fire(s.tenant(), s.id())));
        }
    }

    private void fire(String tenant, String id) {
        Subscription s = registry.get(tenant, id);
        Instant now = Instant.now();
        if (s == null || !s.liveAt(now)) {
            return;
        }
        List<EntityQuery.Selector> selectors = s.entities().stream().map(sel -> new EntityQuery.Selector(
                sel.id() == null ? List.of() : List.of(sel.id()), sel.idPattern() == null ? null : sel.idPattern().pattern(),
                sel.type())).toList();
        EntityQuery query = new EntityQuery(selectors, null, s.q(), s.scopeQ(), s.geoQ());
        QueryService.Paging paging = new QueryService.Paging(0, maxEntities, false, Sorts.ascending(EntityDocuments.ID), true);
        queries.query(new Tenant(tenant), query, paging, Optional.empty())
                // rendering may read linked entities (join) and wait for the store: not on a driver thread
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .chain(page -> {
                    if (page.entities().isEmpty()) {
                        return Uni.createFrom().item(List.<Pending>of());
                    }
                    NotificationRenderer.Rendered r = renderer.render(s,
                            page.entities().stream().map(e -> Notified.current(Notified.selected(s, e), now)).toList(),
                            ChangeNotifier.context(s, contexts), now,
                            ids -> s.notification().join() == null ? Map.of() : linked.find(tenant, ids));
                    long seq = now.toEpochMilli();
                    return outbox.insert(List.of(new Pending(Pending.idOf(s, "p", seq), tenant, s.id(), seq, now,
                            r.contentType(), r.headers(), r.body())));
                })
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .subscribe().with(fresh -> fresh.forEach(dispatcher::enqueue),
                        e -> LOG.warnf("Periodic subscription %s: %s", id, e.getMessage()));
    }
}
