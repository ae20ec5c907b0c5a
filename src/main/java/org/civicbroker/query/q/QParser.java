package org.civicbroker.query.q;

import java.util.ArrayList;
import java.util.List;
import org.civicbroker.common.error.NgsiException;

/**
 * Recursive-descent parser of the NGSI-LD query language (GS CIM 009 V1.8.1 clause 4.9).
 *
 * <pre>
 * Query        = OrExpr END
 * OrExpr       = AndExpr *( "|" AndExpr )
 * AndExpr      = Factor *( ";" Factor )
 * Factor       = "(" OrExpr ")" / QueryTerm
 * QueryTerm    = Attribute [ Operator Operand ]            ; no operator: the attribute exists
 * Attribute    = AttrName *( "." AttrName ) *( "[" Key *( "." Key ) "]" )
 *                ; AttrName = 1*( ALPHA / DIGIT / "_" / "-" / ":" / "/" / "#" )
 *                ; a last "." segment observedAt / createdAt / modifiedAt / unitCode / datasetId
 *                ; names that member of the (sub-)attribute; Key = 1*( any char but "[" "]" "." )
 * Operator     = "==" / "!=" / ">" / ">=" / "<" / "<=" / "~=" / "!~="
 * Operand      = RegExp                                    ; after ~= and !~= only
 *              / Value ".." Value                          ; Range, after == and != only
 *              / Value 1*( "," Value )                     ; ValueList, after == and != only
 *              / Value
 * Value        = quotedStr / Number / dateTime / date / time / "true" / "false" / URI
 * RegExp       = quotedStr / bare text up to ";" "|" or an unbalanced ")"
 * </pre>
 *
 * <p>Precedence: clause 4.9 lists terms and logical operators without stating a precedence; like
 * Orion-LD and Scorpio (and boolean algebra), {@code ;} (AND) binds tighter than {@code |} (OR), so
 * {@code a|b;c} is {@code a|(b;c)}. Parentheses group explicitly.
 *
 * <p>Limits (400 InvalidRequest, never a stack overflow): {@value #MAX_LENGTH} characters, parentheses
 * nested at most {@value #MAX_DEPTH} deep, regular expressions as checked by {@link RegexGuard}.
 * Errors name the 0-based character position.
 */
public final class QParser {

    public static final int MAX_LENGTH = 8192;
    public static final int MAX_DEPTH = 64;

    private final List<QToken> tokens;
    private int index;
    private int depth;

    private QParser(List<QToken> tokens) {
        this.tokens = tokens;
    }

    /** Parses a q string into an unresolved tree (attribute names as written). */
    public static QNode parse(String q) {
        if (q == null || q.isBlank()) {
            throw NgsiException.invalid("Invalid q: empty query at position 0");
        }
        if (q.length() > MAX_LENGTH) {
            throw QLexer.error("query longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        QParser parser = new QParser(QLexer.tokenize(q));
        QNode node = parser.orExpr();
        QToken end = parser.peek();
        if (end.kind() != QToken.Kind.END) {
            throw QLexer.error("unexpected '" + QLiterals.abbreviate(end.text()) + "'", end.position());
        }
        return node;
    }

    private QToken peek() {
        return tokens.get(index);
    }

    private QToken next() {
        return tokens.get(index++);
    }

    private QNode orExpr() {
        List<QNode> children = new ArrayList<>();
        children.add(andExpr());
        while (peek().kind() == QToken.Kind.OR) {
            next();
            children.add(andExpr());
        }
        return children.size() == 1 ? children.get(0) : new QNode.Or(children);
    }

    private QNode andExpr() {
        List<QNode> children = new ArrayList<>();
        children.add(factor());
        while (peek().kind() == QToken.Kind.AND) {
            next();
            children.add(factor());
        }
        return children.size() == 1 ? children.get(0) : new QNode.And(children);
    }

    private QNode factor() {
        QToken t = next();
        if (t.kind() == QToken.Kind.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw QLexer.error("parentheses nested deeper than " + MAX_DEPTH, t.position());
            }
            QNode inner = orExpr();
            QToken close = next();
            if (close.kind() != QToken.Kind.RPAREN) {
                throw QLexer.error("expected ')'", close.position());
            }
            depth--;
            return inner;
        }
        if (t.kind() != QToken.Kind.PATH) {
            throw QLexer.error(t.kind() == QToken.Kind.END ? "expected an attribute, found the end"
                    : "expected an attribute, found '" + QLiterals.abbreviate(t.text()) + "'", t.position());
        }
        QPath path = QPaths.parse(t.text(), t.position());
        if (peek().kind() != QToken.Kind.OPERATOR) {
            return new QNode.Exists(path);
        }
        QToken op = next();
        QOperator operator = QOperator.of(op.text());
        return new QNode.Comparison(path, operator, operand(operator, op));
    }

    private QOperand operand(QOperator operator, QToken op) {
        QToken first = next();
        if (operator.isPattern()) {
            return RegexGuard.validate(first.text(), first.position());
        }
        QLiteral value = literal(first);
        if (peek().kind() == QToken.Kind.DOTS) {
            QToken dots = next();
            requireEquality(operator, dots, "a range");
            QLiteral high = literal(next());
            if (!sameKind(value, high)) {
                throw QLexer.error("range ends of different types", dots.position());
            }
            if (value instanceof QLiteral.Bool || value instanceof QLiteral.Uri) {
                throw QLexer.error("a range needs numbers, strings, dates or times", first.position());
            }
            return new QOperand.Range(value, high);
        }
        if (peek().kind() == QToken.Kind.COMMA) {
            requireEquality(operator, peek(), "a value list");
            List<QLiteral> values = new ArrayList<>();
            values.add(value);
            while (peek().kind() == QToken.Kind.COMMA) {
                next();
                values.add(literal(next()));
            }
            return new QOperand.ValueList(values);
        }
        if (operator.isOrdering() && (value instanceof QLiteral.Bool || value instanceof QLiteral.Uri)) {
            // clause 4.9: ordering operators take a ComparableValue (Number, quotedStr, dateTime, date, time)
            throw QLexer.error("'" + operator.symbol() + "' needs a number, string, date or time", first.position());
        }
        return new QOperand.Single(value);
    }

    private static QLiteral literal(QToken t) {
        if (t.kind() != QToken.Kind.VALUE) {
            throw QLexer.error(t.kind() == QToken.Kind.END ? "missing value" : "expected a value, found '"
                    + QLiterals.abbreviate(t.text()) + "'", t.position());
        }
        return t.literal();
    }

    private static void requireEquality(QOperator operator, QToken at, String what) {
        if (operator != QOperator.EQ && operator != QOperator.NE) {
            throw QLexer.error(what + " is only allowed with == and !=", at.position());
        }
    }

    private static boolean sameKind(QLiteral a, QLiteral b) {
        boolean textA = a instanceof QLiteral.Text || a instanceof QLiteral.Uri;
        boolean textB = b instanceof QLiteral.Text || b instanceof QLiteral.Uri;
        return (textA && textB) || a.getClass() == b.getClass();
    }
}
