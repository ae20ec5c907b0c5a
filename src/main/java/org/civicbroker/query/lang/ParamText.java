package org.civicbroker.query.lang;

import org.civicbroker.common.error.NgsiException;

/**
 * Checks shared by every parameter language: presence, a length cap (so a hostile value cannot make a
 * parser or a regex work for long) and the characters allowed in names.
 */
final class ParamText {

    /** Longest parameter value accepted by the languages in this package. */
    static final int MAX_LENGTH = 4096;

    /** Deepest parenthesis nesting accepted (clause 4.17 / 4.19 expressions). */
    static final int MAX_DEPTH = 32;

    private ParamText() {
    }

    /** Rejects null, empty and over-long values; returns the value unchanged. */
    static String require(String param, String value) {
        if (value == null || value.isEmpty()) {
            throw NgsiException.invalid("'" + param + "' must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw NgsiException.invalid("'" + param + "' is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }

    /** An error at a (0-based) position, quoting a bounded excerpt of the input. */
    static NgsiException error(String param, String input, int pos, String what) {
        return NgsiException.invalid("Invalid '" + param + "' at position " + pos + ": " + what
                + " (in '" + excerpt(input) + "')");
    }

    static String excerpt(String input) {
        return input.length() <= 80 ? input : input.substring(0, 77) + "...";
    }

    /**
     * True for characters allowed in an entity type or attribute name: letters and digits (any script) and
     * the URI punctuation {@code - . _ ~ : / ? # @ ! & + = %}. This excludes whitespace, quotes, braces,
     * brackets, {@code $}, {@code *}, {@code \} and the operators of the languages, so that no name can
     * carry JSON, a Mongo operator or a regex (clause 4.6.2 names; IRIs per RFC 3987).
     */
    static boolean isNameChar(int c) {
        return Character.isLetterOrDigit(c) || "-._~:/?#@!&+=%".indexOf(c) >= 0;
    }

    /** Validates a whole name; {@code offset} is the name's position in {@code input}. */
    static String checkName(String param, String input, String name, int offset) {
        if (name.isEmpty()) {
            throw error(param, input, offset, "missing name");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!isNameChar(c)) {
                throw error(param, input, offset + i, "illegal character '" + printable(c) + "'");
            }
            i += Character.charCount(c);
        }
        return name;
    }

    static String printable(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c)
                : new String(Character.toChars(c));
    }
}
