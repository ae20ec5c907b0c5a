package org.civicbroker.federation;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Via} header of distributed operations (clause 6.3.18, IETF RFC 7230 clause 5.7.1): each broker
 * that forwards a request appends {@code 1.1 <its contextSourceAlias>}; a broker that finds its own alias in
 * a request's Via would be asked again by the same chain and answers LoopDetected instead of forwarding,
 * and registrations whose contextSourceAlias is listed are not matched (clause 5.12). Pure code.
 */
public final class Via {

    private Via() {
    }

    /** The received-by names (pseudonyms or hosts) listed in a Via header value (null = none). */
    public static List<String> names(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String hop : header.split(",")) {
            String[] parts = hop.trim().split("\\s+");
            if (parts.length >= 2) {
                out.add(parts[1]);
            } else if (parts.length == 1 && !parts[0].isEmpty()) {
                out.add(parts[0]);
            }
        }
        return out;
    }

    /** The Via header to send on: the received one with this broker appended. */
    public static String append(String header, String alias) {
        String hop = "1.1 " + alias;
        return header == null || header.isBlank() ? hop : header + ", " + hop;
    }
}
