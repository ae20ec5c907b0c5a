package org.civicbroker.query.lang;

import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.conversions.Bson;

/**
 * Scope query language (GS CIM 009 V1.8.1 clause 4.19), the value of the {@code scopeQ} parameter.
 *
 * <pre>
 * scopeQuery  = conjunction *( "," conjunction )   ; OR
 * conjunction = factor *( ";" factor )            ; AND
 * factor      = "(" scopeQuery ")" / scopePattern ; see ScopePattern
 * </pre>
 *
 * A pattern is satisfied when at least one of the entity's scopes matches it; {@code /#} is satisfied by
 * every entity that has a scope. Operands of an AND may be satisfied by different scopes of the entity
 * (the same as MongoDB's semantics for conditions on an array field).
 *
 * @param expr the query; leaves are scope patterns
 */
public record ScopeQuery(BoolExpr<ScopePattern> expr) {

    public static final String PARAM = "scopeQ";

    /** The storage field holding the entity's scopes (an array, absent when there are none). */
    public static final String FIELD = "scope";

    public ScopeQuery {
        Objects.requireNonNull(expr, "expr");
    }

    /** Parses a {@code scopeQ} value; a malformed value is a 400 InvalidRequest naming the position. */
    public static ScopeQuery parse(String input) {
        return new ScopeQuery(BoolExprParser.parse(PARAM, input, ",",
                (term, offset) -> ScopePattern.parse(PARAM, input, term, offset)));
    }

    /** True when the entity's scopes satisfy the query. */
    public boolean matches(List<String> scopes) {
        List<String> have = scopes == null ? List.of() : scopes;
        return expr.test(p -> have.stream().anyMatch(p::matches));
    }

    /**
     * The MongoDB filter on {@value #FIELD}: equality or {@code $in} for exact scopes, anchored regexes
     * built by {@link ScopePattern#regex()} (validated, escaped levels only) for wildcards.
     */
    public Bson toBson() {
        return toBson(expr);
    }

    private static Bson toBson(BoolExpr<ScopePattern> e) {
        if (e instanceof BoolExpr.Leaf<ScopePattern> leaf) {
            return leafBson(leaf.value());
        }
        if (e instanceof BoolExpr.And<ScopePattern> and) {
            return Filters.and(and.operands().stream().map(ScopeQuery::toBson).toList());
        }
        List<String> exact = new ArrayList<>();
        List<Bson> others = new ArrayList<>();
        for (BoolExpr<ScopePattern> o : ((BoolExpr.Or<ScopePattern>) e).operands()) {
            if (o instanceof BoolExpr.Leaf<ScopePattern> leaf && leaf.value().isExact()) {
                exact.add(leaf.value().text());
            } else {
                others.add(toBson(o));
            }
        }
        if (!exact.isEmpty()) {
            others.add(0, exact.size() == 1 ? Filters.eq(FIELD, exact.get(0)) : Filters.in(FIELD, exact));
        }
        return others.size() == 1 ? others.get(0) : Filters.or(others);
    }

    private static Bson leafBson(ScopePattern p) {
        return p.isExact() ? Filters.eq(FIELD, p.text()) : Filters.regex(FIELD, p.regex());
    }
}
