package org.civicbroker.query.lang;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The AND/OR skeleton shared by the type selection (clause 4.17) and scope query (clause 4.19) languages:
 * leaves carry the language's term, inner nodes combine two or more operands.
 *
 * @param <T> the leaf value (a type name or IRI, a scope pattern)
 */
public sealed interface BoolExpr<T> {

    record Leaf<T>(T value) implements BoolExpr<T> {
        public Leaf {
            Objects.requireNonNull(value, "value");
        }
    }

    record And<T>(List<BoolExpr<T>> operands) implements BoolExpr<T> {
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("And needs two or more operands");
            }
        }
    }

    record Or<T>(List<BoolExpr<T>> operands) implements BoolExpr<T> {
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("Or needs two or more operands");
            }
        }
    }

    /** Evaluates the expression, asking {@code leafTest} about each leaf. */
    default boolean test(Predicate<? super T> leafTest) {
        if (this instanceof Leaf<T> leaf) {
            return leafTest.test(leaf.value());
        }
        if (this instanceof And<T> and) {
            return and.operands().stream().allMatch(o -> o.test(leafTest));
        }
        return ((Or<T>) this).operands().stream().anyMatch(o -> o.test(leafTest));
    }

    /** The same tree with every leaf value mapped. */
    default <R> BoolExpr<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Leaf<T> leaf) {
            return new Leaf<>(f.apply(leaf.value()));
        }
        if (this instanceof And<T> and) {
            return new And<>(and.operands().stream().<BoolExpr<R>>map(o -> o.map(f)).toList());
        }
        return new Or<>(((Or<T>) this).operands().stream().<BoolExpr<R>>map(o -> o.map(f)).toList());
    }

    /** Visits the leaves left to right. */
    default void forEachLeaf(Consumer<? super T> action) {
        if (this instanceof Leaf<T> leaf) {
            action.accept(leaf.value());
        } else {
            List<BoolExpr<T>> ops = this instanceof And<T> and ? and.operands() : ((Or<T>) this).operands();
            ops.forEach(o -> o.forEachLeaf(action));
        }
    }
}
