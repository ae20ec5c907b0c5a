package org.civicbroker.query.q;

import java.util.ArrayList;
import java.util.List;
import org.civicbroker.common.error.NgsiException;

/**
 * Splits a q string into tokens. The lexer is modal, because the same characters mean different
 * things on either side of an operator (a {@code .} separates path segments but belongs to numbers
 * and date-times; {@code (} groups terms but belongs to regular expressions):
 * <ul>
 *   <li>PATH mode (start, after {@code ( ; |}): parentheses, logical operators, attribute paths,
 *       comparison operators;</li>
 *   <li>VALUE mode (after a comparison operator): quoted strings, bare values (classified by
 *       {@link QLiterals}), {@code ,} and {@code ..}; {@code ; | )} end it;</li>
 *   <li>REGEX mode (after {@code ~=} / {@code !~=}): one quoted string, or bare text up to
 *       {@code ;}, {@code |} or an unbalanced {@code )}.</li>
 * </ul>
 * Whitespace outside quoted strings is ignored.
 */
final class QLexer {

    private enum Mode { PATH, VALUE, REGEX }

    private final String in;
    private int pos;
    private Mode mode = Mode.PATH;
    private final List<QToken> tokens = new ArrayList<>();

    private QLexer(String in) {
        this.in = in;
    }

    static List<QToken> tokenize(String q) {
        QLexer lexer = new QLexer(q);
        lexer.run();
        return lexer.tokens;
    }

    static NgsiException error(String what, int position) {
        return NgsiException.invalid("Invalid q: " + what + " at position " + position);
    }

    private void run() {
        while (true) {
            skipSpace();
            if (pos >= in.length()) {
                tokens.add(new QToken(QToken.Kind.END, "", null, pos));
                return;
            }
            switch (mode) {
                case PATH -> pathToken();
                case VALUE -> valueToken();
                case REGEX -> regexToken();
                default -> throw new IllegalStateException();
            }
        }
    }

    private void skipSpace() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
            pos++;
        }
    }

    private boolean logical(char c) {
        QToken.Kind kind = switch (c) {
            case '(' -> QToken.Kind.LPAREN;
            case ')' -> QToken.Kind.RPAREN;
            case ';' -> QToken.Kind.AND;
            case '|' -> QToken.Kind.OR;
            default -> null;
        };
        if (kind == null) {
            return false;
        }
        tokens.add(new QToken(kind, String.valueOf(c), null, pos++));
        mode = Mode.PATH;
        return true;
    }

    private void pathToken() {
        char c = in.charAt(pos);
        if (logical(c)) {
            return;
        }
        if ("=!<>~".indexOf(c) >= 0) {
            operator();
            return;
        }
        int start = pos;
        while (pos < in.length()) {
            char d = in.charAt(pos);
            if (d == '[') {
                int close = in.indexOf(']', pos);
                if (close < 0) {
                    throw error("unclosed '['", pos);
                }
                pos = close + 1;
            } else if ("()|;=!<>~".indexOf(d) >= 0 || Character.isWhitespace(d)) {
                break;
            } else {
                pos++;
            }
        }
        tokens.add(new QToken(QToken.Kind.PATH, in.substring(start, pos), null, start));
    }

    private void operator() {
        int start = pos;
        String op = null;
        for (String candidate : new String[] {"!~=", "==", "!=", ">=", "<=", "~=", ">", "<"}) {
            if (in.startsWith(candidate, pos)) {
                op = candidate;
                break;
            }
        }
        if (op == null) {
            throw error("unknown operator", start);
        }
        pos += op.length();
        tokens.add(new QToken(QToken.Kind.OPERATOR, op, null, start));
        mode = op.endsWith("~=") ? Mode.REGEX : Mode.VALUE;
    }

    private void valueToken() {
        char c = in.charAt(pos);
        if (logical(c)) {
            return;
        }
        if (c == ',') {
            tokens.add(new QToken(QToken.Kind.COMMA, ",", null, pos++));
        } else if (in.startsWith("..", pos)) {
            tokens.add(new QToken(QToken.Kind.DOTS, "..", null, pos));
            pos += 2;
        } else if (c == '"') {
            int start = pos;
            String s = quoted(false);
            tokens.add(new QToken(QToken.Kind.VALUE, s, new QLiteral.Text(s), start));
        } else {
            int start = pos;
            while (pos < in.length() && ";|),\"".indexOf(in.charAt(pos)) < 0 && !in.startsWith("..", pos)
                    && !Character.isWhitespace(in.charAt(pos))) {
                pos++;
            }
            String word = in.substring(start, pos);
            tokens.add(new QToken(QToken.Kind.VALUE, word, QLiterals.classify(word, start), start));
        }
    }

    private void regexToken() {
        int start = pos;
        if (in.charAt(pos) == '"') {
            // the token position is that of the pattern's first character, for error positions inside it
            tokens.add(new QToken(QToken.Kind.REGEX, quoted(true), null, start + 1));
            mode = Mode.PATH;
            return;
        }
        int depth = 0;
        boolean inClass = false;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '\\') {
                pos = Math.min(pos + 2, in.length());
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if ((c == ';' || c == '|') && depth == 0) {
                break;
            }
            pos++;
        }
        tokens.add(new QToken(QToken.Kind.REGEX, in.substring(start, pos).strip(), null, start));
        mode = Mode.PATH;
    }

    /**
     * Reads a double-quoted string; pos is on the opening quote. Values use JSON-style escapes; a
     * regular expression ({@code raw}) only unescapes {@code \"} and keeps every other backslash, so
     * that {@code "\d+"} means what it says.
     */
    private String quoted(boolean raw) {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= in.length()) {
                break;
            }
            char e = in.charAt(pos++);
            if (raw) {
                sb.append(e == '"' ? "" : "\\").append(e);
                continue;
            }
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos + 4 > in.length()) {
                        throw error("bad \\u escape", pos - 2);
                    }
                    try {
                        sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape", pos - 2);
                    }
                    pos += 4;
                }
                default -> throw error("unknown escape '\\" + e + "'", pos - 2);
            }
        }
        throw error("unterminated string", start);
    }
}
