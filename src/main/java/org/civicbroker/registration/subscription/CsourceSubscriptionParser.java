package org.civicbroker.registration.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.q.QParser;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionParser;
import org.civicbroker.temporal.TemporalQuery;

/**
 * Validates a registration subscription (clause 5.11.2: a Subscription as clause 5.2.12 defines it) with the
 * entity subscription parser, and the members only registration subscriptions use: {@code temporalQ}
 * (clause 5.11.7 matches it against the registrations' intervals) and {@code csf}.
 */
final class CsourceSubscriptionParser {

    private CsourceSubscriptionParser() {
    }

    static CsourceSubscription parse(JsonNode body, LdContext ctx, JsonNode context, String id, String tenant,
            Instant createdAt, Instant modifiedAt, Instant now) {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        JsonNode temporal = copy.remove("temporalQ");
        TemporalQuery temporalQ = null;
        if (temporal != null && !temporal.isNull()) {
            if (!temporal.isObject()) {
                throw NgsiException.badData("'temporalQ' must be a TemporalQuery object");
            }
            temporalQ = TemporalQuery.parse(text(temporal, "timerel"), text(temporal, "timeAt"), text(temporal, "endTimeAt"),
                    text(temporal, "timeproperty"), null);
        }
        Subscription parsed = SubscriptionParser.parse(copy, ctx, context, id, tenant, createdAt, modifiedAt, now);
        // the stored source keeps every member the client sent, temporalQ too
        Subscription s = new Subscription(parsed.id(), parsed.tenant(), body, parsed.context(), parsed.entities(),
                parsed.watched(), parsed.triggers(), parsed.q(), parsed.geoQ(), parsed.scopeQ(), parsed.lang(), parsed.active(),
                parsed.expiresAt(), parsed.throttling(), parsed.timeInterval(), parsed.notification(), parsed.jsonldContext(),
                parsed.createdAt(), parsed.modifiedAt(), parsed.datasetIds(), parsed.linkBase());
        String csfText = text(body, "csf");
        QNode csf = csfText == null ? null : QParser.parse(csfText).resolve(ctx::expand);
        return new CsourceSubscription(s, csf, temporalQ);
    }

    private static String text(JsonNode parent, String member) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw NgsiException.badData("'" + member + "' must be a string");
        }
        return n.textValue();
    }
}
