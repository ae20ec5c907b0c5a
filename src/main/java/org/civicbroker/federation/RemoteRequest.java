package org.civicbroker.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The query string a distributed request carries (clause 4.3.6): the client's own parameters in the client's
 * order and encoding (a context source reads the same names with the same @context, which the request's Link
 * header names), without {@code local} and with the representation asked in normalized form, which every
 * source supports (clause 4.3.6.1) and which this broker merges before rendering what the client asked for.
 * A page beyond the first asks each source for everything up to the page's end. Pure code.
 */
public final class RemoteRequest {

    private static final Set<String> DROPPED = Set.of("local", "format");

    private RemoteRequest() {
    }

    public static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        int offset = 0;
        Integer limit = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (DROPPED.contains(name)) {
                continue;
            }
            if (name.equals("options")) {
                List<String> kept = new ArrayList<>();
                for (String o : value.split("%2C|%2c|,")) {
                    String lower = o.toLowerCase(Locale.ROOT);
                    if (!o.isEmpty() && !lower.equals("keyvalues") && !lower.equals("concise") && !lower.equals("simplified")) {
                        kept.add(o);
                    }
                }
                if (!kept.isEmpty()) {
                    out.add("options=" + String.join(",", kept));
                }
                continue;
            }
            if (name.equals("offset")) {
                offset = parse(value, 0);
                continue;
            }
            if (name.equals("limit")) {
                limit = parse(value, 20);
                out.add("limit=@LIMIT@");
                continue;
            }
            out.add(pair);
        }
        String q = String.join("&", out);
        if (limit != null) {
            q = q.replace("@LIMIT@", String.valueOf(limit + offset));
        } else if (offset > 0) {
            q = q.isEmpty() ? "limit=" + (20 + offset) : q + "&limit=" + (20 + offset);
        }
        return q.isEmpty() ? "" : "?" + q;
    }

    private static int parse(String v, int dflt) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
