package org.civicbroker.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the role entries of a token from a dotted claim path ({@code roles}, {@code realm_access.roles},
 * {@code resource_access.civic-broker.roles}). The value may be an array of strings or one string of
 * entries separated by spaces or commas (the OAuth 2 {@code scope} shape). Pure code.
 */
final class ClaimPath {

    private ClaimPath() {
    }

    /**
     * @param topLevel the value of the path's first segment (a JSON-P value, a collection, a map or a string), or null
     */
    static List<String> entries(String path, Object topLevel) {
        String[] segments = path.split("\\.");
        Object v = topLevel;
        for (int i = 1; i < segments.length && v != null; i++) {
            v = member(v, segments[i]);
        }
        List<String> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    static String first(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    private static Object member(Object v, String name) {
        if (v instanceof JsonObject o) {
            return o.get(name);
        }
        if (v instanceof Map<?, ?> m) {
            return m.get(name);
        }
        return null;
    }

    private static void collect(Object v, List<String> out) {
        if (v instanceof JsonString s) {
            split(s.getString(), out);
        } else if (v instanceof CharSequence s) {
            split(s.toString(), out);
        } else if (v instanceof JsonArray a) {
            for (JsonValue item : a) {
                if (item instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (v instanceof Collection<?> c) {
            c.forEach(item -> {
                if (item instanceof JsonString s) {
                    out.add(s.getString());
                } else if (item instanceof CharSequence s) {
                    out.add(s.toString());
                }
            });
        }
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
    }
}
