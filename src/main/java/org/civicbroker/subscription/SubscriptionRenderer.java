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

/**
 * Renders a subscription for GET (clause 5.8.3): the members as created or patched, with the names
 * (entity types, watchedAttributes, notification.attributes, geoQ.geoproperty) compacted with the
 * reader's context, and the read-only status members (clause 5.2.12, 5.2.14). {@code q}, {@code pick}
 * and {@code omit} are returned as written.
 */
final class SubscriptionRenderer {

    private static final Pattern TYPE_TERM = Pattern.compile("[^,;|()\\s]+");

    private SubscriptionRenderer() {
    }

    static ObjectNode render(Subscription s, SubscriptionStats stats, LdContext created, LdContext reader, boolean sysAttrs,
            boolean embedContext, Instant now) {
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
        if (!out.has("isActive")) {
            out.put("isActive", s.active());
        }
        out.put("status", !s.active() ? "paused" : s.expiresAt() != null && !s.expiresAt().isAfter(now) ? "expired" : "active");
        ObjectNode n = (ObjectNode) out.get("notification");
        compactArray(n.get("attributes"), term);
        if (!n.has("format")) {
            n.put("format", "normalized");
        }
        Document st = stats.toDocument();
        n.put("status", stats.lastFailed() ? "failed" : "ok");
        n.put("timesSent", st.get("timesSent", Number.class).longValue());
        n.put("timesFailed", st.get("timesFailed", Number.class).longValue());
        for (String k : new String[] {"lastNotification", "lastSuccess", "lastFailure"}) {
            if (st.getDate(k) != null) {
                n.put(k, st.getDate(k).toInstant().toString());
            }
        }
        if (sysAttrs) {
            out.put("createdAt", s.createdAt().toString());
            out.put("modifiedAt", s.modifiedAt().toString());
        }
        return out;
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
