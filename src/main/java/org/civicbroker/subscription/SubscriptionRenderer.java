package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.DateTimes;

/**
 * Renders a subscription for GET (clause 5.8.3): the members as created or patched, with the names
 * (entity types, watchedAttributes, notification.attributes, geoQ.geoproperty) compacted with the
 * reader's context, the read-only members the broker tracks (clause 5.2.12 Table 5.2.12-2, clause 5.2.14.2)
 * and the notificationTrigger it applies. Nothing else the client did not set is invented: no {@code isActive}
 * or {@code format} default, no
 * {@code notification.status} before the first delivery attempt, no zero counters (timesSent and timesFailed
 * are "greater than 0" when present). {@code q}, {@code pick} and {@code omit} are returned as written.
 */
public final class SubscriptionRenderer {

    private static final Pattern TYPE_TERM = Pattern.compile("[^,;|()\\s]+");

    private SubscriptionRenderer() {
    }

    /**
     * @param implicitContextUrl when the subscription's {@code @context} is inline (no URL of its own) and no
     *     jsonldContext was set: the URL of the implicitly created context notifications use (clause 5.13.1),
     *     reported as {@code jsonldContext}, the context the broker notifies with (clause 5.2.12)
     */
    public static ObjectNode render(Subscription s, SubscriptionStats stats, LdContext created, LdContext reader, boolean sysAttrs,
            boolean embedContext, Instant now, java.util.Optional<String> implicitContextUrl) {
        UnaryOperator<String> term = t -> reader.compact(created.expand(t));
        ObjectNode out = ((ObjectNode) s.source()).objectNode();
        if (embedContext) {
            out.set("@context", reader.contextValue());
        }
        out.put("id", s.id());
        out.put("type", "Subscription");
        s.source().fields().forEachRemaining(f -> {
            if (!f.getKey().equals("id") && !f.getKey().equals("type")) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        if (out.get("entities") instanceof ArrayNode entities) {
            for (JsonNode sel : entities) {
                if (sel.get("type") instanceof TextNode t) {
                    ((ObjectNode) sel).put("type", compactTypes(t.textValue(), term));
                }
            }
        }
        compactArray(out.get("watchedAttributes"), term);
        if (out.get("geoQ") instanceof ObjectNode geo && geo.get("geoproperty") instanceof TextNode g) {
            geo.put("geoproperty", term.apply(g.textValue()));
        }
        if (!out.has("notificationTrigger")) {
            // clause 5.2.12: the default when none were given (a periodic subscription is not triggered by
            // changes, but the member's default is stated without condition)
            ArrayNode triggers = out.putArray("notificationTrigger");
            SubscriptionParser.DEFAULT_TRIGGERS.forEach(t -> triggers.add(t.keyword));
        }
        if (!out.has("jsonldContext")) {
            implicitContextUrl.ifPresent(url -> out.put("jsonldContext", url));
        }
        out.put("status", !s.active() ? "paused" : s.expiresAt() != null && !s.expiresAt().isAfter(now) ? "expired" : "active");
        ObjectNode n = (ObjectNode) out.get("notification");
        compactArray(n.get("attributes"), term);
        Document st = stats.toDocument();
        if (st.getDate("lastNotification") != null) {
            n.put("status", stats.lastFailed() ? "failed" : "ok");
        }
        for (String k : new String[] {"timesSent", "timesFailed"}) {
            long count = st.get(k, Number.class).longValue();
            if (count > 0) {
                n.put(k, count);
            }
        }
        for (String k : new String[] {"lastNotification", "lastSuccess", "lastFailure"}) {
            if (st.getDate(k) != null) {
                n.put(k, DateTimes.format(st.getDate(k).toInstant()));
            }
        }
        if (sysAttrs) {
            out.put("createdAt", DateTimes.format(s.createdAt()));
            out.put("modifiedAt", DateTimes.format(s.modifiedAt()));
        }
        // credentials in receiverInfo are never shown (docs/security.md, "Outgoing calls")
        return org.civicbroker.outgoing.SecretValues.mask(out);
    }

    private static void compactArray(JsonNode array, UnaryOperator<String> term) {
        if (array instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, TextNode.valueOf(term.apply(a.get(i).textValue())));
            }
        }
    }

    /** Compacts each type name of a type expression, keeping its operators. */
    static String compactTypes(String expr, UnaryOperator<String> term) {
        Matcher m = TYPE_TERM.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(term.apply(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
