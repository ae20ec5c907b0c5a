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

    /**
     * A boolean parameter: absent is false; {@code true}/{@code false} in any letter case (clients built on
     * languages whose booleans print as {@code True} send that); anything else is 400 BadRequestData.
     */
    public static boolean bool(String name, String value) {
        if (value == null) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw NgsiException.badData("'" + name + "' must be true or false");
    }

    /** The raw query string parsed by {@link QueryString} and checked against {@code allowed}. */
    public static MultivaluedMap<String, String> parse(String rawQuery, Set<String> allowed) {
        MultivaluedMap<String, String> p = QueryString.parse(rawQuery);
        check(p, allowed);
        return p;
    }

    /** A non-negative integer parameter such as limit or offset: absent is {@code dflt}; otherwise 400 BadRequestData. */
    public static int nonNegative(String name, String value, int dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw NgsiException.badData("'" + name + "' must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw NgsiException.badData("'" + name + "' must be a non-negative integer");
        }
    }

    /** limit, offset and count of a list request. */
    public record ListPage(int limit, int offset, boolean count) {
    }

    /**
     * limit (absent: {@code defaultLimit}, at most {@code maxLimit}), offset and count of a list request
     * (clause 5.5.9); limit=0 only together with count=true. Violations are 400 BadRequestData.
     */
    public static ListPage page(MultivaluedMap<String, String> params, int defaultLimit, int maxLimit) {
        int limit = nonNegative("limit", params.getFirst("limit"), defaultLimit);
        int offset = nonNegative("offset", params.getFirst("offset"), 0);
        boolean count = bool("count", params.getFirst("count"));
        if (limit > maxLimit) {
            throw NgsiException.badData("limit " + limit + " is more than the maximum of " + maxLimit);
        }
        if (limit == 0 && !count) {
            throw NgsiException.badData("limit=0 is only allowed together with count=true");
        }
        return new ListPage(limit, offset, count);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
