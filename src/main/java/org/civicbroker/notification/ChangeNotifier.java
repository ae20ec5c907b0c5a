package org.civicbroker.notification;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionMatcher;
import org.civicbroker.subscription.SubscriptionRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The subscription matcher as a durable consumer of the change journal: for each change, the
 * candidate subscriptions of the tenant's index are checked ({@link SubscriptionMatcher}), throttling
 * applied, and each notification rendered and stored in the {@link Outbox} before the journal marks
 * the change handled; then it is queued for delivery. Nothing here runs on the request path.
 */
@ApplicationScoped
public class ChangeNotifier implements ChangeConsumer {

    private final SubscriptionRegistry registry;
    private final ContextResolver contexts;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final NotificationRenderer renderer;

    private final LinkedEntities linked;

    public ChangeNotifier(SubscriptionRegistry registry, ContextResolver contexts, Outbox outbox, Dispatcher dispatcher,
            LinkedEntities linked, @ConfigProperty(name = "civic.jsonld.public-base-url") Optional<String> publicBaseUrl) {
        this.linked = linked;
        this.renderer = new NotificationRenderer(publicBaseUrl);
        this.registry = registry;
        this.contexts = contexts;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    @Override
    public String name() {
        return "subscriptions";
    }

    @Override
    public Uni<Void> accept(List<Entry> changes) {
        // matching and rendering (and a possible remote @context fetch) happen on a worker thread
        return Uni.createFrom().item(() -> match(changes))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(outbox::insert)
                .invoke(fresh -> fresh.forEach(dispatcher::enqueue))
                .replaceWithVoid();
    }

    List<Pending> match(List<Entry> changes) {
        List<Pending> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Entry entry : changes) {
            EntityChange c = entry.change();
            // Liveness (isActive, expiresAt) is judged at the time of the change, not of matching: the
            // journal may hand the change over late (a backlog, or a replay after a restart), and a change
            // made while the subscription was live is still due to it.
            Instant changedAt = c.at() != null ? c.at() : now;
            for (Subscription s : registry.index(c.tenant()).candidates(c)) {
                if (!SubscriptionMatcher.matches(s, c, changedAt)
                        || !registry.stats(s.tenant(), s.id()).tryFire(now, s.throttling())) {
                    continue;
                }
                out.add(render(s, c, entry.seq(), now));
            }
        }
        return out;
    }

    private Pending render(Subscription s, EntityChange c, long seq, Instant now) {
        LdContext ctx = context(s, contexts);
        NotificationRenderer.Rendered r = renderer.render(s, List.of(Notified.of(s, c, shownAsDeleted(s, c))), ctx, now,
                ids -> s.notification().join() == null ? Map.of() : linked.find(s.tenant(), ids));
        return new Pending(Pending.idOf(s, "c", seq), s.tenant(), s.id(), seq, now, r.contentType(), r.headers(), r.body());
    }

    /**
     * Which attributes of a deleted entity the notification shows as deleted (clause 5.8.6): with showChanges
     * all of them (each with its previous value); when attributeDeleted is among the triggers, the watched
     * ones (any attribute without watchedAttributes), since deleting the entity deleted them; otherwise none,
     * and an entityDeleted notification carries the entity's members and deletedAt only.
     */
    static Set<String> shownAsDeleted(Subscription s, EntityChange c) {
        if (c.after() != null || c.before() == null) {
            return Set.of();
        }
        Set<String> all = c.before().attributes().keySet();
        if (s.notification().showChanges()) {
            return all;
        }
        if (!s.triggers().contains(Subscription.Trigger.ATTRIBUTE_DELETED)) {
            return Set.of();
        }
        return s.watched().isEmpty() ? all : all.stream().filter(s.watched()::contains).collect(Collectors.toSet());
    }

    /** The notification context (clause 5.2.12): jsonldContext, else the one the subscription was created with. */
    static LdContext context(Subscription s, ContextResolver contexts) {
        if (s.jsonldContext() != null) {
            return contexts.resolveHeldUrl(s.jsonldContext());
        }
        return s.context() == null ? contexts.core() : contexts.resolveHeld(s.context());
    }
}
