package org.civicbroker.query.q;

/**
 * A q token. {@code text} is the raw text (unescaped for quoted strings); {@code literal} is set for
 * VALUE tokens; {@code position} is the 0-based character offset in the q string.
 */
record QToken(Kind kind, String text, QLiteral literal, int position) {

    enum Kind { LPAREN, RPAREN, AND, OR, PATH, OPERATOR, VALUE, COMMA, DOTS, REGEX, END }
}
