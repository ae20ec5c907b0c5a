package org.civicbroker.query.q;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.civicbroker.common.error.NgsiException;

/**
 * Validates the regular expression of {@code ~=} / {@code !~=} (clause 4.9 RegExp). The pattern runs
 * in MongoDB (PCRE) and in Java, so it must compile with {@link Pattern} and avoid the constructs
 * that make catastrophic backtracking likely. Checks, all linear in the pattern length:
 * <ul>
 *   <li>length at most {@value #MAX_LENGTH} characters;</li>
 *   <li>it compiles with {@link java.util.regex.Pattern} (otherwise 400);</li>
 *   <li>no back-references ({@code \1}..{@code \9}, {@code \k<name>});</li>
 *   <li>no nested quantifiers: a group that contains a variable quantifier ({@code * + ? {n,m}}) may
 *       not itself be repeated without bound ({@code * + {n,} {n,m}}), as in {@code (a+)+} or
 *       {@code (\w*x?)*}; {@code (\d{4})?} and {@code (-\d+)?} stay allowed.</li>
 * </ul>
 * This is a heuristic (alternations of overlapping branches under a quantifier, e.g. {@code (a|a)*},
 * are still accepted); the length bound keeps the remaining cases small.
 */
public final class RegexGuard {

    static final int MAX_LENGTH = 512;

    private RegexGuard() {
    }

    static QOperand.Regex validate(String pattern, int position) {
        if (pattern.isEmpty()) {
            throw QLexer.error("empty regular expression", position);
        }
        if (pattern.length() > MAX_LENGTH) {
            throw QLexer.error("regular expression longer than " + MAX_LENGTH + " characters", position);
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            int at = position + Math.max(0, Math.min(e.getIndex(), pattern.length()));
            throw NgsiException.invalid("Invalid q: bad regular expression (" + e.getDescription() + ") at position "
                    + at);
        }
        checkBacktracking(pattern, position);
        return new QOperand.Regex(pattern);
    }

    /** Validates a regular expression given outside q (e.g. {@code idPattern}); 400 names the parameter. */
    public static Pattern validateParameter(String parameter, String pattern) {
        try {
            return validate(pattern, 0).compiled();
        } catch (NgsiException e) {
            throw NgsiException.badData("Invalid " + parameter + ": " + e.getMessage().replace("Invalid q: ", ""));
        }
    }

    private static void checkBacktracking(String p, int position) {
        Deque<boolean[]> groups = new ArrayDeque<>();  // per open group: contains a quantifier
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                char next = i + 1 < p.length() ? p.charAt(i + 1) : ' ';
                if (!inClass && ((next >= '1' && next <= '9') || next == 'k')) {
                    throw QLexer.error("back-references are not allowed in regular expressions", position + i);
                }
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                groups.push(new boolean[1]);
            } else if (c == ')' && !groups.isEmpty()) {
                boolean quantifiedInside = groups.pop()[0];
                boolean quantifiedAfter = i + 1 < p.length() && isVariable(p, i + 1);
                if (quantifiedInside && i + 1 < p.length() && isUnbounded(p, i + 1)) {
                    throw QLexer.error("nested quantifiers are not allowed in regular expressions", position + i);
                }
                if ((quantifiedInside || quantifiedAfter) && !groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
            } else if (!groups.isEmpty() && isVariable(p, i)) {
                groups.peek()[0] = true;
            }
        }
    }

    /** A quantifier that repeats a variable number of times: {@code * + ? {n,} {n,m}}. */
    private static boolean isVariable(String p, int i) {
        char c = p.charAt(i);
        if (c == '?') {
            return i == 0 || p.charAt(i - 1) != '(';
        }
        return c == '*' || c == '+' || (c == '{' && braceHasComma(p, i));
    }

    /** A quantifier without a small fixed bound: {@code * + {n,} {n,m}}. */
    private static boolean isUnbounded(String p, int i) {
        char c = p.charAt(i);
        return c == '*' || c == '+' || (c == '{' && braceHasComma(p, i));
    }

    private static boolean braceHasComma(String p, int i) {
        int close = p.indexOf('}', i);
        return close > i && p.substring(i + 1, close).matches("\\d+,\\d*");
    }
}
