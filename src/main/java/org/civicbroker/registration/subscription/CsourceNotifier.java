package org.civicbroker.registration.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.notification.Dispatcher;
import org.civicbroker.notification.Outbox;
import org.civicbroker.notification.Pending;
import org.civicbroker.registration.Registration;
import org.civicbroker.registration.RegistrationRegistry;
import org.civicbroker.registration.RegistrationRenderer;
import org.civicbroker.model.DateTimes;
import org.civicbroker.subscription.Subscription;
import org.jboss.logging.Logger;

/**
 * Notifications of registration subscriptions (clause 5.11.7, CsourceNotification clause 5.3.2): when a
 * registration is created, updated or deleted, every live subscription of its tenant that it matches before
 * or after the change is notified with triggerReason {@code newlyMatching}, {@code updated} or
 * {@code noLongerMatching}; a new subscription is notified at once of the registrations it matches, and a
 * subscription with {@code timeInterval} on creation and periodically, also when none matches (clause 5.11.7). Delivery goes through the outbox and dispatcher of
 * entity notifications (order per subscription, retries, never lost on restart).
 */
@ApplicationScoped
public class CsourceNotifier {

    private static final Logger LOG = Logger.getLogger(CsourceNotifier.class);

    private final CsourceSubscriptionRegistry subscriptions;
    private final RegistrationRegistry registrations;
    private final ContextResolver contexts;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final Vertx vertx;
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Map<String, Instant> lastPeriodic = new java.util.concurrent.ConcurrentHashMap<>();

    public CsourceNotifier(CsourceSubscriptionRegistry subscriptions, RegistrationRegistry registrations,
            ContextResolver contexts, Outbox outbox, Dispatcher dispatcher, Vertx vertx) {
        this.subscriptions = subscriptions;
        this.registrations = registrations;
        this.contexts = contexts;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent ev) {
        registrations.listen(this::changed);
        vertx.setPeriodic(1000, id -> periodic());
    }

    void changed(String tenant, Registration before, Registration after) {
        Instant now = Instant.now();
        for (CsourceSubscription s : subscriptions.all(tenant)) {
            if (!s.subscription().liveAt(now) || s.subscription().periodic()) {
                continue;
            }
            boolean was = before != null && s.matches(before, context(before), now);
            boolean is = after != null && s.matches(after, context(after), now);
            if (!was && is) {
                send(s, List.of(after), "newlyMatching", now);
            } else if (was && is) {
                send(s, List.of(after), "updated", now);
            } else if (was) {
                send(s, List.of(before), "noLongerMatching", now);
            }
        }
    }

    /**
     * Clause 5.11.2 (and 5.11.3 for an updated subscription): the subscription is notified at once of the
     * registrations it matches (if any). A subscription with {@code timeInterval} is notified on initial
     * subscription and then periodically "regardless of any changes to the set of context source
     * registrations" (clause 5.11.7), so also when no registration matches (with an empty {@code data}).
     */
    public void created(CsourceSubscription s) {
        Instant now = Instant.now();
        if (!s.subscription().liveAt(now)) {
            return;
        }
        List<Registration> matching = matching(s, now);
        if (!matching.isEmpty() || s.subscription().periodic()) {
            send(s, matching, "newlyMatching", now);
        }
        if (s.subscription().periodic()) {
            lastPeriodic.put(s.key(), now);
        }
    }

    private void periodic() {
        Instant now = Instant.now();
        for (CsourceSubscription s : subscriptions.all()) {
            Subscription sub = s.subscription();
            if (!sub.periodic() || !sub.liveAt(now)) {
                continue;
            }
            Instant last = lastPeriodic.get(s.key());
            if (last != null && last.plusMillis((long) (sub.timeInterval() * 1000)).isAfter(now)) {
                continue;
            }
            lastPeriodic.put(s.key(), now);
            send(s, matching(s, now), "newlyMatching", now);
        }
    }

    private List<Registration> matching(CsourceSubscription s, Instant now) {
        return registrations.live(s.subscription().tenant(), now).stream().filter(r -> s.matches(r, context(r), now)).toList();
    }

    private LdContext context(Registration r) {
        return r.context() == null ? contexts.core() : contexts.resolve(r.context());
    }

    /**
     * Clause 5.11.7: "implementations should return filtered Context Source Registrations ... in particular only
     * matching RegistrationInfo elements". The rendered {@code information} keeps the registration's order, so
     * the positions of the matching elements select them; when none matches (a registration that no longer
     * matches), the registration is sent as it is.
     */
    private static void onlyMatchingInformation(CsourceSubscription cs, Registration r, ObjectNode item) {
        List<Integer> keep = cs.matchingInformation(r);
        if (!(item.get("information") instanceof ArrayNode infos) || keep.isEmpty() || keep.size() == infos.size()
                || infos.size() != r.information().size()) {
            return;
        }
        ArrayNode filtered = JsonNodeFactory.instance.arrayNode();
        keep.forEach(i -> filtered.add(infos.get(i)));
        item.set("information", filtered);
    }

    private void send(CsourceSubscription cs, List<Registration> data, String reason, Instant now) {
        Subscription s = cs.subscription();
        try {
            LdContext ctx = s.jsonldContext() != null ? contexts.resolveUrl(s.jsonldContext())
                    : s.context() == null ? contexts.core() : contexts.resolve(s.context());
            Subscription.Endpoint ep = s.notification().endpoint();
            boolean ld = MediaTypes.JSON_LD.equals(ep.accept());
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            if (ld) {
                n.set("@context", ctx.contextValue().deepCopy());
            }
            n.put("id", "urn:ngsi-ld:Notification:" + UUID.randomUUID());
            n.put("type", "ContextSourceNotification");
            n.put("subscriptionId", s.id());
            n.put("notifiedAt", DateTimes.format(now));
            ArrayNode items = n.putArray("data");
            for (Registration r : data) {
                ObjectNode item = RegistrationRenderer.render(r, registrations.stats(r.tenant(), r.id()).snapshot(), context(r), ctx,
                        s.notification().sysAttrs(), false);
                onlyMatchingInformation(cs, r, item);
                items.add(item);
            }
            n.put("triggerReason", reason);
            Map<String, String> headers = new LinkedHashMap<>(ep.receiverInfo());
            if (!ld) {
                ctx.linkUrl().ifPresent(url -> headers.put("Link", LinkHeader.of(url)));
            }
            if (s.tenant() != null) {
                headers.put("NGSILD-Tenant", s.tenant());
            }
            long n0 = seq.incrementAndGet();
            String key = cs.key();
            Pending p = new Pending((s.tenant() == null ? "" : s.tenant()) + "|" + key + "|r" + n0, s.tenant(), key, n0, now,
                    ld ? MediaTypes.JSON_LD : MediaTypes.JSON, headers, RequestReader.mapper().writeValueAsString(n));
            outbox.insert(List.of(p)).subscribe().with(fresh -> fresh.forEach(dispatcher::enqueue),
                    e -> LOG.warnf("Registration notification of %s not stored: %s", s.id(), e.getMessage()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Registration notification of %s not sent: %s", s.id(), e.getMessage());
        }
    }
}
