package org.civicbroker.common.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;

/** The JSON-LD context Link header (clause 6.3.5; JSON-LD 1.1 clause 6.1 "Interpreting JSON as JSON-LD"). */
public final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("\\s*<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]+)\"?");

    private LinkHeader() {
    }

    /** The context URL of a Link header, or null when the header has no JSON-LD context link. */
    public static String contextUrl(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String found = null;
        for (String part : header.split(",(?=\\s*<)")) {
            Matcher m = LINK.matcher(part);
            if (!m.matches()) {
                throw NgsiException.badData("Malformed Link header: " + abbreviate(header));
            }
            Matcher rel = REL.matcher(m.group(2));
            if (rel.find() && rel.group(1).trim().equals(MediaTypes.JSON_LD_CONTEXT_REL)) {
                if (found != null) {
                    throw NgsiException.badData("More than one JSON-LD context Link header");
                }
                found = m.group(1).trim();
            }
        }
        return found;
    }

    /** A Link header value that references {@code url} as the JSON-LD context. */
    public static String of(String url) {
        return "<" + url + ">; rel=\"" + MediaTypes.JSON_LD_CONTEXT_REL + "\"; type=\"" + MediaTypes.JSON_LD + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
