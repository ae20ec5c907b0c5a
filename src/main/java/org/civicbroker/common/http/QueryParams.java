package org.civicbroker.common.http;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;

/** Query-parameter checks shared by the endpoints: unknown or repeated parameters are 400 InvalidRequest. */
public final class QueryParams {

    private QueryParams() {
    }

    public static void check(MultivaluedMap<String, String> params, Set<String> allowed) {
        for (var e : params.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw NgsiException.invalid("Unknown query parameter '" + abbreviate(e.getKey()) + "'; this endpoint accepts " + allowed);
            }
            List<String> values = e.getValue();
            if (values.size() > 1) {
                throw NgsiException.invalid("Query parameter '" + e.getKey() + "' is given more than once");
            }
        }
    }

    /** A boolean parameter: absent is false; anything but true/false is 400 BadRequestData. */
    public static boolean bool(String name, String value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw NgsiException.badData("'" + name + "' must be true or false");
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
