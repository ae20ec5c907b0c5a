package org.civicbroker.query.q;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The q abstract syntax tree (clause 4.9). Produced by {@link QParser#parse(String)} with attribute
 * names as written (terms); {@link #resolve} expands them with the request's @context before the
 * tree is given to {@link QMatcher} or {@link QTranslator}.
 */
public sealed interface QNode {

    /** Returns the same tree with attribute and sub-attribute names expanded by {@code expander}. */
    QNode resolve(UnaryOperator<String> expander);

    /** {@code a;b}: all hold. Holds at least two children. */
    record And(List<QNode> children) implements QNode {
        public And {
            children = List.copyOf(children);
        }

        @Override
        public QNode resolve(UnaryOperator<String> expander) {
            return new And(children.stream().map(c -> c.resolve(expander)).toList());
        }
    }

    /** {@code a|b}: at least one holds. Holds at least two children. */
    record Or(List<QNode> children) implements QNode {
        public Or {
            children = List.copyOf(children);
        }

        @Override
        public QNode resolve(UnaryOperator<String> expander) {
            return new Or(children.stream().map(c -> c.resolve(expander)).toList());
        }
    }

    /** A bare attribute path: the target element exists, whatever its value (clause 4.9). */
    record Exists(QPath path) implements QNode {
        public Exists {
            Objects.requireNonNull(path);
        }

        @Override
        public QNode resolve(UnaryOperator<String> expander) {
            return new Exists(path.resolve(expander));
        }
    }

    /** {@code path op operand}. */
    record Comparison(QPath path, QOperator operator, QOperand operand) implements QNode {
        public Comparison {
            Objects.requireNonNull(path);
            Objects.requireNonNull(operator);
            Objects.requireNonNull(operand);
        }

        @Override
        public QNode resolve(UnaryOperator<String> expander) {
            return new Comparison(path.resolve(expander), operator, operand);
        }
    }
}
