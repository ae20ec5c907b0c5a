package org.civicbroker.registration.subscription;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.q.QNode;
import org.civicbroker.registration.Registration;
import org.civicbroker.registration.RegistrationMatch;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.temporal.TemporalQuery;
import org.civicbroker.temporal.TimeProperty;

/**
 * A subscription to context source registrations (clause 5.11): a Subscription (clause 5.2.12, parsed as
 * entity subscriptions are) whose entities, watchedAttributes and notified attributes are matched against
 * registrations as clause 5.12 says, plus {@code csf} over the context source properties and the
 * {@code temporalQ} that selects registrations by their observation or management interval.
 */
public record CsourceSubscription(Subscription subscription, QNode csf, TemporalQuery temporalQ) {

    /** Prefix of the ids the outbox and dispatcher know these subscriptions by (entity subscriptions have none). */
    public static final String KEY_PREFIX = "csourceSubscriptions/";

    public String id() {
        return subscription.id();
    }

    public String key() {
        return KEY_PREFIX + subscription.id();
    }

    /** Whether the registration matches (clauses 5.11.7, 5.12), judged with the registration's own context. */
    public boolean matches(Registration r, LdContext registrationContext, Instant now) {
        if (!r.liveAt(now)) {
            return false;
        }
        Subscription s = subscription;
        Set<String> attrs = attributes();
        boolean entities;
        if (s.entities().isEmpty()) {
            entities = RegistrationMatch.matches(r, List.of(), null, null, attrs);
        } else {
            entities = s.entities().stream().anyMatch(sel -> RegistrationMatch.matches(r,
                    sel.id() == null ? List.of() : List.of(sel.id()), sel.type(), sel.idPattern(), attrs));
        }
        if (!entities || !matchesTime(r)) {
            return false;
        }
        if (s.geoQ() != null) {
            var g = r.geometries().get(s.geoQ().geoproperty());
            if (g == null || !s.geoQ().matches(g)) {
                return false;
            }
        }
        return RegistrationMatch.matchesQ(s.q(), r, registrationContext) && RegistrationMatch.matchesQ(csf, r, registrationContext);
    }

    /**
     * The positions of the registration's RegistrationInfo elements that match the subscription's entities and
     * attributes (clause 5.11.7: a notification should carry only the matching RegistrationInfo elements).
     */
    public List<Integer> matchingInformation(Registration r) {
        Set<String> attrs = attributes();
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < r.information().size(); i++) {
            Registration.Info info = r.information().get(i);
            boolean match = subscription.entities().isEmpty()
                    ? RegistrationMatch.matches(info, List.of(), null, null, attrs)
                    : subscription.entities().stream().anyMatch(sel -> RegistrationMatch.matches(info,
                            sel.id() == null ? List.of() : List.of(sel.id()), sel.type(), sel.idPattern(), attrs));
            if (match) {
                out.add(i);
            }
        }
        return out;
    }

    private Set<String> attributes() {
        Set<String> attrs = new HashSet<>(subscription.watched());
        // clause 5.12: watchedAttributes and notification attributes together, when notification attributes are given
        subscription.notification().projection().neededAttributes().ifPresent(attrs::addAll);
        return attrs;
    }

    private boolean matchesTime(Registration r) {
        if (temporalQ == null) {
            return r.latest();
        }
        Registration.Interval interval = temporalQ.timeproperty() == TimeProperty.OBSERVED_AT
                ? r.observationInterval() : r.managementInterval();
        if (interval == null) {
            return false;
        }
        Instant from = temporalQ.from() == null ? Instant.MIN : temporalQ.from();
        Instant to = temporalQ.to() == null ? Instant.MAX : temporalQ.to();
        return !to.isBefore(interval.start()) && (interval.end() == null || !from.isAfter(interval.end()));
    }
}
