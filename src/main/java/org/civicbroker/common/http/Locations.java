package org.civicbroker.common.http;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Location} of a created resource (clause 6.4.3.1 and the other create operations): the
 * relative path of the resource, with its id as given. An id is a URI, and the characters a URI uses
 * ({@code :}, {@code /} excepted) are valid in a path segment (RFC 3986 {@code pchar}), so
 * {@code urn:ngsi-ld:Building:1} stays readable instead of becoming {@code urn%3Angsi-ld%3ABuilding%3A1}.
 * Only what a path segment cannot hold is percent-encoded: {@code /}, {@code ?}, {@code #}, {@code %},
 * {@code ;} (JAX-RS reads it as a matrix parameter), spaces and other non-{@code pchar} characters.
 */
public final class Locations {

    private static final String KEPT = "-._~!$&'()*+,=:@";

    private Locations() {
    }

    /** {@code base} (ending with '/') followed by {@code id} as one path segment. */
    public static String of(String base, String id) {
        return base + segment(id);
    }

    /** {@code id} as one path segment. */
    public static String segment(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || KEPT.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
