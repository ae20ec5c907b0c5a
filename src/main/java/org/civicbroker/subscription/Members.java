package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.civicbroker.common.error.NgsiException;

/** Typed reads of JSON members with a 400 BadRequestData that names the member. */
final class Members {

    private Members() {
    }

    static String text(JsonNode parent, String member, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw NgsiException.badData("'" + path + "' must be a non-empty string");
        }
        return n.textValue();
    }

    static Boolean bool(JsonNode parent, String member, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw NgsiException.badData("'" + path + "' must be true or false");
        }
        return n.booleanValue();
    }

    /** A number of at least {@code min}, or 0 when absent. */
    static double number(JsonNode parent, String member, double min, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isNumber() || n.doubleValue() < min || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
            throw NgsiException.badData("'" + path + "' must be a number of at least " + (long) min);
        }
        return n.doubleValue();
    }

    /** A non-empty array of non-empty strings, or null when absent. */
    static List<String> strings(JsonNode parent, String member, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw NgsiException.badData("'" + path + "' must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw NgsiException.badData("'" + path + "' must contain only non-empty strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    static JsonNode object(JsonNode parent, String member, String path) {
        JsonNode n = parent.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw NgsiException.badData("'" + path + "' must be a JSON object");
        }
        return n;
    }
}
