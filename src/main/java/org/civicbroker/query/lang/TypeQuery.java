package org.civicbroker.query.lang;

import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;

/**
 * Entity Type Selection Language (GS CIM 009 V1.8.1 clause 4.17), the value of the {@code type} parameter.
 *
 * <pre>
 * typeSelection = conjunction *( ( "," / "|" ) conjunction )   ; OR
 * conjunction   = factor *( ";" factor )                      ; AND: the entity has all these types
 * factor        = "(" typeSelection ")" / typeName
 * typeName      = 1*nameChar  ; a short name or an IRI, see ParamText#isNameChar
 * </pre>
 *
 * Parsing keeps the terms as written; {@link #resolve} expands them with the request's @context. Both
 * back-ends ({@link #matches} and {@link #toBson}) compare terms verbatim, so resolve before using them.
 *
 * @param expr the selection; leaves are type names (raw or expanded)
 */
public record TypeQuery(BoolExpr<String> expr) {

    public static final String PARAM = "type";

    /** The storage field holding the entity's expanded types (an array). */
    public static final String FIELD = "type";

    public TypeQuery {
        Objects.requireNonNull(expr, "expr");
    }

    /** Parses a {@code type} parameter value; a malformed value is a 400 InvalidRequest naming the position. */
    public static TypeQuery parse(String input) {
        return new TypeQuery(BoolExprParser.parse(PARAM, input, ",|",
                (term, offset) -> ParamText.checkName(PARAM, input, term, offset)));
    }

    /** The same selection with every term replaced by {@code expander.apply(term)} (the expanded IRI). */
    public TypeQuery resolve(UnaryOperator<String> expander) {
        return new TypeQuery(expr.map(term -> {
            String iri = expander.apply(term);
            if (iri == null || iri.isEmpty()) {
                throw NgsiException.badData("Entity type '" + term + "' cannot be expanded");
            }
            return iri;
        }));
    }

    /** True when the entity's types satisfy the selection. */
    public boolean matches(List<String> entityTypes) {
        Set<String> types = Set.copyOf(entityTypes);
        return expr.test(types::contains);
    }

    /** Every type named anywhere in the selection, in order of appearance (for discovery, registrations). */
    public Set<String> mentionedTypes() {
        Set<String> out = new LinkedHashSet<>();
        expr.forEachLeaf(out::add);
        return Collections.unmodifiableSet(out);
    }

    /** True when the selection is a plain list of alternatives ({@code A} or {@code A,B|C}). */
    public boolean isSimpleList() {
        return expr instanceof BoolExpr.Leaf<String>
                || expr instanceof BoolExpr.Or<String> or && or.operands().stream().allMatch(o -> o instanceof BoolExpr.Leaf);
    }

    /**
     * The MongoDB filter on {@value #FIELD}: equality or {@code $in} for alternatives (so an index on
     * the field can serve the common case), {@code $and}/{@code $or} for the rest.
     */
    public Bson toBson() {
        return toBson(expr);
    }

    private static Bson toBson(BoolExpr<String> e) {
        if (e instanceof BoolExpr.Leaf<String> leaf) {
            return Filters.eq(FIELD, leaf.value());
        }
        if (e instanceof BoolExpr.And<String> and) {
            return Filters.and(and.operands().stream().map(TypeQuery::toBson).toList());
        }
        List<String> plain = new ArrayList<>();
        List<Bson> others = new ArrayList<>();
        for (BoolExpr<String> o : ((BoolExpr.Or<String>) e).operands()) {
            if (o instanceof BoolExpr.Leaf<String> leaf) {
                plain.add(leaf.value());
            } else {
                others.add(toBson(o));
            }
        }
        if (!plain.isEmpty()) {
            others.add(0, plain.size() == 1 ? Filters.eq(FIELD, plain.get(0)) : Filters.in(FIELD, plain));
        }
        return others.size() == 1 ? others.get(0) : Filters.or(others);
    }
}
