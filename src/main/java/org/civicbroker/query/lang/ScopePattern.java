package org.civicbroker.query.lang;

import java.util.ArrayList;
import java.util.List;
import org.civicbroker.common.error.NgsiException;

/**
 * One term of a scope query (clause 4.19): a scope path whose levels may be the single-level wildcard
 * {@code +}, optionally ending with {@code /#} (this scope and every scope below it).
 *
 * <pre>
 * scopePattern = "/#" / 1*( "/" level ) [ "/#" ]
 * level        = "+" / 1*scopeChar
 * scopeChar    = letter / digit / "_" / "-" / "." / "~" / ":" / "@" / "%" / "!"
 * </pre>
 *
 * The level characters are deliberately narrow (clause 4.18 only forbids the separators; we also refuse
 * whitespace, quotes, braces, {@code $}, {@code *} and regex syntax) so that a level can never be
 * mistaken for an operator or a pattern by any back-end.
 *
 * @param levels literal levels, or {@link #ANY_LEVEL} for {@code +}; empty only for {@code /#}
 * @param descendants true when the pattern ends with {@code /#}
 */
public record ScopePattern(List<String> levels, boolean descendants) {

    /** The single-level wildcard. */
    public static final String ANY_LEVEL = "+";

    /** The multi-level wildcard (only as the last level). */
    public static final String DESCENDANTS = "#";

    public ScopePattern {
        levels = List.copyOf(levels);
        if (levels.isEmpty() && !descendants) {
            throw new IllegalArgumentException("a scope pattern needs a level or '#'");
        }
    }

    /** True when the pattern has no wildcard: it matches exactly one scope string. */
    public boolean isExact() {
        return !descendants && !levels.contains(ANY_LEVEL);
    }

    /** The scope string an exact pattern matches (or the pattern as written). */
    public String text() {
        String path = levels.isEmpty() ? "" : "/" + String.join("/", levels);
        return descendants ? path + "/#" : path;
    }

    /** In-memory match of one scope (clause 4.19 semantics), without regexes. */
    public boolean matches(String scope) {
        if (scope == null || !scope.startsWith("/")) {
            return false;
        }
        String[] have = scope.substring(1).split("/", -1);
        if (descendants ? have.length < levels.size() : have.length != levels.size()) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String want = levels.get(i);
            if (want.equals(ANY_LEVEL) ? have[i].isEmpty() : !want.equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * An anchored regex equivalent to {@link #matches}, built only from validated levels whose
     * non-alphanumeric ASCII characters are backslash-escaped (valid in both PCRE and java.util.regex).
     * The {@code $} anchor is exact because no valid scope contains a line terminator.
     */
    public String regex() {
        if (levels.isEmpty()) {
            return "^/";
        }
        StringBuilder sb = new StringBuilder("^");
        for (String level : levels) {
            sb.append('/').append(level.equals(ANY_LEVEL) ? "[^/]+" : escape(level));
        }
        return sb.append(descendants ? "(/.*)?$" : "$").toString();
    }

    static String escape(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 8);
        literal.codePoints().forEach(c -> {
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    /** Parses one pattern; {@code offset} locates it in {@code input} for error messages. */
    static ScopePattern parse(String param, String input, String term, int offset) {
        if (!term.startsWith("/")) {
            throw ParamText.error(param, input, offset, "a scope must start with '/'");
        }
        String[] parts = term.substring(1).split("/", -1);
        List<String> levels = new ArrayList<>();
        boolean descendants = false;
        int at = offset + 1;
        for (int i = 0; i < parts.length; i++) {
            String level = parts[i];
            if (level.equals(DESCENDANTS)) {
                if (i != parts.length - 1) {
                    throw ParamText.error(param, input, at, "'#' is only allowed as the last level");
                }
                descendants = true;
            } else if (!level.equals(ANY_LEVEL)) {
                checkLevel(param, input, level, at);
                levels.add(level);
            } else {
                levels.add(level);
            }
            at += level.length() + 1;
        }
        return new ScopePattern(levels, descendants);
    }

    private static void checkLevel(String param, String input, String level, int at) {
        if (level.isEmpty()) {
            throw ParamText.error(param, input, at, "empty scope level");
        }
        for (int i = 0; i < level.length(); ) {
            int c = level.codePointAt(i);
            if (!isScopeChar(c)) {
                throw ParamText.error(param, input, at + i, "illegal character '" + ParamText.printable(c)
                        + "' in scope level");
            }
            i += Character.charCount(c);
        }
    }

    static boolean isScopeChar(int c) {
        return Character.isLetterOrDigit(c) || "_-.~:@%!".indexOf(c) >= 0;
    }

    /**
     * Validates a scope value written to an entity (clause 4.18): {@code /level(/level)*} with the
     * characters of {@link #isScopeChar}; no wildcards. Returns the scope, or throws 400 BadRequestData.
     */
    public static String validateScope(String scope) {
        if (scope == null || scope.length() < 2 || scope.length() > ParamText.MAX_LENGTH || !scope.startsWith("/")) {
            throw NgsiException.badData("Invalid scope '" + scope + "': expected /level(/level)*");
        }
        for (String level : scope.substring(1).split("/", -1)) {
            if (level.isEmpty() || !level.codePoints().allMatch(ScopePattern::isScopeChar)) {
                throw NgsiException.badData("Invalid scope '" + ParamText.excerpt(scope) + "': level '"
                        + ParamText.excerpt(level) + "' is empty or has an illegal character");
            }
        }
        return scope;
    }
}
