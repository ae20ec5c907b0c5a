package org.civicbroker.query.q;

/** The comparison operators of the NGSI-LD query language (clause 4.9). */
public enum QOperator {
    EQ("=="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), MATCH("~="), NOT_MATCH("!~=");

    private final String symbol;

    QOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The ordering operators, which only accept a single ComparableValue (clause 4.9 grammar). */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    public boolean isPattern() {
        return this == MATCH || this == NOT_MATCH;
    }

    public static QOperator of(String symbol) {
        for (QOperator op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        throw new IllegalArgumentException(symbol);
    }
}
