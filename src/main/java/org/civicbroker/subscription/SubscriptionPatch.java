package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies a Subscription fragment (clause 5.8.2): each member given replaces the stored one, a JSON null
 * removes it; {@code notification} and its {@code endpoint} are merged member by member, so changing
 * the format does not require resending the endpoint (as Orion-LD, Scorpio and Stellio do).
 */
final class SubscriptionPatch {

    private SubscriptionPatch() {
    }

    static ObjectNode merge(ObjectNode stored, ObjectNode patch) {
        ObjectNode out = stored.deepCopy();
        patch.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNull()) {
                out.remove(f.getKey());
            } else if (f.getKey().equals("notification") && v.isObject() && out.get("notification") instanceof ObjectNode n) {
                out.set("notification", mergeNotification(n, (ObjectNode) v));
            } else {
                out.set(f.getKey(), v.deepCopy());
            }
        });
        return out;
    }

    private static ObjectNode mergeNotification(ObjectNode stored, ObjectNode patch) {
        ObjectNode out = stored.deepCopy();
        patch.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNull()) {
                out.remove(f.getKey());
            } else if (f.getKey().equals("endpoint") && v.isObject() && out.get("endpoint") instanceof ObjectNode e) {
                ObjectNode merged = e.deepCopy();
                v.fields().forEachRemaining(ef -> {
                    if (ef.getValue().isNull()) {
                        merged.remove(ef.getKey());
                    } else {
                        merged.set(ef.getKey(), ef.getValue().deepCopy());
                    }
                });
                out.set("endpoint", merged);
            } else {
                out.set(f.getKey(), v.deepCopy());
            }
        });
        return out;
    }
}
