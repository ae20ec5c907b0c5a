package org.civicbroker.query.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One element of an attribute projection expression (clause 4.21) as written: a name and, for a
 * Relationship, the projection applied to the linked entity ({@code rel{a,b}}).
 *
 * <pre>
 * projection = item *( ( "," / "|" ) item )
 * item       = name [ "{" projection "}" ]
 * name       = 1*nameChar   ; see ParamText#isNameChar
 * </pre>
 *
 * @param name the raw name (an entity member such as {@code id}, or an attribute short name or IRI)
 * @param nested the projection for the linked entity; empty when none was given
 */
public record ProjectionItem(String name, List<ProjectionItem> nested) {

    public ProjectionItem {
        Objects.requireNonNull(name, "name");
        nested = List.copyOf(nested);
    }

    /** Parses a {@code pick}/{@code omit} value; malformed input is a 400 InvalidRequest naming the position. */
    public static List<ProjectionItem> parse(String param, String input) {
        ParamText.require(param, input);
        Parser p = new Parser(param, input);
        List<ProjectionItem> items = p.list(0);
        if (p.pos < input.length()) {
            char c = input.charAt(p.pos);
            throw ParamText.error(param, input, p.pos, c == '}' ? "unbalanced '}'" : "unexpected '" + c + "'");
        }
        return items;
    }

    private static final class Parser {
        private final String param;
        private final String input;
        private int pos;

        Parser(String param, String input) {
            this.param = param;
            this.input = input;
        }

        List<ProjectionItem> list(int depth) {
            List<ProjectionItem> items = new ArrayList<>();
            items.add(item(depth));
            while (pos < input.length() && (input.charAt(pos) == ',' || input.charAt(pos) == '|')) {
                pos++;
                items.add(item(depth));
            }
            return items;
        }

        ProjectionItem item(int depth) {
            int start = pos;
            while (pos < input.length() && "{},|".indexOf(input.charAt(pos)) < 0) {
                pos++;
            }
            if (start == pos) {
                String found = pos >= input.length() ? "end of input" : "'" + input.charAt(pos) + "'";
                throw ParamText.error(param, input, pos, "expected a name but found " + found);
            }
            String name = ParamText.checkName(param, input, input.substring(start, pos), start);
            if (pos < input.length() && input.charAt(pos) == '{') {
                if (depth + 1 > ParamText.MAX_DEPTH) {
                    throw ParamText.error(param, input, pos, "braces nested deeper than " + ParamText.MAX_DEPTH);
                }
                int open = pos++;
                List<ProjectionItem> nested = list(depth + 1);
                if (pos >= input.length() || input.charAt(pos) != '}') {
                    throw ParamText.error(param, input, open, "unbalanced '{'");
                }
                pos++;
                return new ProjectionItem(name, nested);
            }
            return new ProjectionItem(name, List.of());
        }
    }
}
