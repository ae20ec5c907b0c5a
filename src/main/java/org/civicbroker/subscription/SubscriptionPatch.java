package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.civicbroker.common.error.NgsiException;

/**
 * Applies a Subscription fragment (clause 5.8.2): each member given replaces the stored one, a JSON null
 * removes it. A fragment's {@code notification} is a NotificationParams and must carry its mandatory
 * {@code endpoint} (clause 5.8.2.4 checks the fragment against clause 5.2.12; 400 otherwise); it is then
 * merged with the stored one member by member (as is its endpoint), so members it leaves out are kept.
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
            } else if (f.getKey().equals("notification") && v.isObject() && !v.hasNonNull("endpoint")) {
                // clause 5.8.2.4: the fragment must meet clause 5.2.12, whose NotificationParams has a mandatory endpoint
                throw NgsiException.badData("'notification' of a Subscription fragment must contain 'endpoint'");
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
