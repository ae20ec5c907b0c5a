package org.civicbroker.common.http;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.civicbroker.common.error.NgsiException;

/**
 * Parses a raw query string the way NGSI-LD needs it. The HTTP layer (Netty's QueryStringDecoder)
 * also splits pairs at {@code ;}, which NGSI-LD parameter values use unencoded ({@code q=a>1;b<2},
 * {@code georel=near;maxDistance==100}, {@code type=A;B}, {@code orderBy=x;desc}). Here pairs split at
 * {@code &} only; {@code ;} and {@code ,} keep their NGSI-LD meaning.
 *
 * <p>Values are form-decoded: {@code +} is a space and {@code %XX} an escaped byte. Every HTTP client
 * encodes a space in a query value as {@code +} ({@code application/x-www-form-urlencoded}, what
 * Python requests, browsers and curl's {@code --data-urlencode} send), so {@code q=name=="Eiffel Tower"}
 * arrives as {@code name%3D%3D%22Eiffel+Tower%22}. A literal {@code +} (a time-zone offset in
 * {@code q}, the {@code +} wildcard of {@code scopeQ}) must therefore be sent as {@code %2B}.
 */
public final class QueryString {

    private QueryString() {
    }

    public static MultivaluedMap<String, String> parse(String raw) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.add(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s.replace('+', ' ');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw NgsiException.invalid("Malformed percent-encoding in the query string: '"
                            + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'");
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
