package org.civicbroker.model;

/**
 * URI checks shared by payload parsing and query parameters.
 *
 * <p>NGSI-LD identifiers (entity ids, datasetIds, Relationship objects) are absolute URIs
 * (clause 4.6.2, RFC 3986 {@code absolute-URI = scheme ":" hier-part [ "?" query ]}). Non-ASCII
 * characters are accepted as IRI characters (RFC 3987 {@code ucschar}) because city data uses place
 * names; whitespace and control characters are never accepted.
 */
public final class Uris {

    private static final String ASCII_ALLOWED =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";

    private Uris() {
    }

    /**
     * True when {@code s} is an absolute URI: a scheme (letter, then letters, digits, {@code + - .}),
     * a colon and a non-empty remainder made only of URI characters, with well-formed
     * percent-encodings. Relative references ({@code /x}, {@code x}), a bare scheme ({@code urn},
     * {@code urn:}) and strings with whitespace or control characters are rejected.
     */
    public static boolean isAbsoluteUri(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int colon = s.indexOf(':');
        if (colon < 1 || colon == s.length() - 1 || !isScheme(s, colon)) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (ASCII_ALLOWED.indexOf(c) < 0) {
                    return false;
                }
                if (c == '%' && !(i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2)))) {
                    return false;
                }
            } else if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
        }
        return true;
    }

    private static boolean isScheme(String s, int end) {
        if (!isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
