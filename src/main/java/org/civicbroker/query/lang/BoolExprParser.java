package org.civicbroker.query.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the AND/OR languages of clauses 4.17 and 4.19:
 *
 * <pre>
 * expression = conjunction *( orOp conjunction )
 * conjunction = factor *( ";" factor )
 * factor     = "(" expression ")" / term
 * orOp       = "," (scopeQ) ; "," / "|" (type)
 * term       = 1*( any character but the operators and parentheses ) ; validated by the language
 * </pre>
 *
 * AND binds tighter than OR, as in the q language (clause 4.9). Nested operands of the same kind are
 * flattened ({@code A,(B,C)} is one OR of three). Nesting deeper than {@link ParamText#MAX_DEPTH} is
 * rejected so that the recursion is bounded.
 */
final class BoolExprParser<T> {

    /** Turns one term into a leaf value, throwing a 400 that names {@code offset} when it is invalid. */
    @FunctionalInterface
    interface TermParser<T> {
        T parse(String term, int offset);
    }

    private final String param;
    private final String input;
    private final String orOps;
    private final TermParser<T> terms;
    private int pos;
    private int depth;

    private BoolExprParser(String param, String input, String orOps, TermParser<T> terms) {
        this.param = param;
        this.input = input;
        this.orOps = orOps;
        this.terms = terms;
    }

    static <T> BoolExpr<T> parse(String param, String input, String orOps, TermParser<T> terms) {
        ParamText.require(param, input);
        BoolExprParser<T> p = new BoolExprParser<>(param, input, orOps, terms);
        BoolExpr<T> e = p.expression();
        if (p.pos < input.length()) {
            char c = input.charAt(p.pos);
            throw ParamText.error(param, input, p.pos, c == ')' ? "unbalanced ')'" : "unexpected '" + c + "'");
        }
        return e;
    }

    private boolean isOperator(char c) {
        return c == '(' || c == ')' || c == ';' || orOps.indexOf(c) >= 0;
    }

    private BoolExpr<T> expression() {
        List<BoolExpr<T>> ops = new ArrayList<>();
        addFlat(ops, conjunction(), true);
        while (pos < input.length() && orOps.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            addFlat(ops, conjunction(), true);
        }
        return ops.size() == 1 ? ops.get(0) : new BoolExpr.Or<>(ops);
    }

    private BoolExpr<T> conjunction() {
        List<BoolExpr<T>> ops = new ArrayList<>();
        addFlat(ops, factor(), false);
        while (pos < input.length() && input.charAt(pos) == ';') {
            pos++;
            addFlat(ops, factor(), false);
        }
        return ops.size() == 1 ? ops.get(0) : new BoolExpr.And<>(ops);
    }

    private BoolExpr<T> factor() {
        if (pos < input.length() && input.charAt(pos) == '(') {
            if (++depth > ParamText.MAX_DEPTH) {
                throw ParamText.error(param, input, pos, "parentheses nested deeper than " + ParamText.MAX_DEPTH);
            }
            int open = pos++;
            BoolExpr<T> inner = expression();
            if (pos >= input.length() || input.charAt(pos) != ')') {
                throw ParamText.error(param, input, open, "unbalanced '('");
            }
            pos++;
            depth--;
            return inner;
        }
        int start = pos;
        while (pos < input.length() && !isOperator(input.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            String found = pos >= input.length() ? "end of input" : "'" + input.charAt(pos) + "'";
            throw ParamText.error(param, input, pos, "expected a term but found " + found);
        }
        return new BoolExpr.Leaf<>(terms.parse(input.substring(start, pos), start));
    }

    private static <T> void addFlat(List<BoolExpr<T>> ops, BoolExpr<T> e, boolean or) {
        if (or && e instanceof BoolExpr.Or<T> o) {
            ops.addAll(o.operands());
        } else if (!or && e instanceof BoolExpr.And<T> a) {
            ops.addAll(a.operands());
        } else {
            ops.add(e);
        }
    }
}
