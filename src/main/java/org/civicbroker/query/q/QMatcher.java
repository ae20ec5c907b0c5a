package org.civicbroker.query.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;

/**
 * Evaluates a resolved q tree against an entity in memory (subscriptions, federation results, and the
 * reference semantics that {@link QTranslator} must reproduce). Semantics (clause 4.9):
 * <ul>
 *   <li>The target of a path is the attribute's value (a Relationship's object, a ListProperty's or
 *       ListRelationship's list), a sub-attribute's value, a member inside a compound value, or an
 *       observedAt / createdAt / modifiedAt / unitCode / datasetId member.</li>
 *   <li>A list target matches when ANY element matches ({@code ==}, ranges, ordering, {@code ~=}).</li>
 *   <li>A LanguageProperty addressed without a language matches when any of its language strings
 *       matches (string literals and patterns only); {@code name[en]} addresses one language.</li>
 *   <li>A multi-instance attribute (several datasetIds) matches when ANY instance matches.</li>
 *   <li>A missing target makes every comparison false, {@code !=} and {@code !~=} included:
 *       {@code !=} and {@code !~=} hold on an instance that has the target and for which {@code ==}
 *       (respectively {@code ~=}) does not hold.</li>
 *   <li>Incompatible types never compare (see {@link QValueComparison}).</li>
 * </ul>
 */
public final class QMatcher {

    private QMatcher() {
    }

    public static boolean matches(QNode node, Entity entity) {
        if (node instanceof QNode.And and) {
            return and.children().stream().allMatch(c -> matches(c, entity));
        }
        if (node instanceof QNode.Or or) {
            return or.children().stream().anyMatch(c -> matches(c, entity));
        }
        if (node instanceof QNode.Exists exists) {
            return entity.attribute(exists.path().attribute()).stream()
                    .anyMatch(a -> !targets(a, exists.path()).isEmpty());
        }
        QNode.Comparison c = (QNode.Comparison) node;
        return entity.attribute(c.path().attribute()).stream().anyMatch(a -> matches(c, a));
    }

    private static boolean matches(QNode.Comparison c, Attribute instance) {
        List<Object> targets = targets(instance, c.path());
        if (targets.isEmpty()) {
            return false;
        }
        boolean language = instance.type() == AttributeType.LANGUAGE_PROPERTY && c.path().isTopLevelValue();
        List<Object> candidates = language ? languageStrings(instance.value()) : candidates(targets);
        return switch (c.operator()) {
            case EQ -> candidates.stream().anyMatch(v -> equal(v, c.operand(), language));
            case NE -> candidates.stream().noneMatch(v -> equal(v, c.operand(), language));
            case MATCH -> candidates.stream().anyMatch(regex(c.operand()));
            case NOT_MATCH -> candidates.stream().noneMatch(regex(c.operand()));
            default -> candidates.stream().anyMatch(v -> ordered(v, c.operator(),
                    ((QOperand.Single) c.operand()).value(), language));
        };
    }

    private static Predicate<Object> regex(QOperand operand) {
        Pattern p = ((QOperand.Regex) operand).compiled();
        return v -> QValueComparison.matches(v, p);
    }

    private static boolean equal(Object v, QOperand operand, boolean language) {
        if (operand instanceof QOperand.Single s) {
            return ordered(v, QOperator.EQ, s.value(), language);
        }
        if (operand instanceof QOperand.ValueList list) {
            return list.values().stream().anyMatch(l -> ordered(v, QOperator.EQ, l, language));
        }
        QOperand.Range r = (QOperand.Range) operand;
        return ordered(v, QOperator.GE, r.low(), language) && ordered(v, QOperator.LE, r.high(), language);
    }

    private static boolean ordered(Object v, QOperator op, QLiteral literal, boolean language) {
        if (language && !(literal instanceof QLiteral.Text || literal instanceof QLiteral.Uri)) {
            return false;
        }
        Integer cmp = QValueComparison.compare(v, literal);
        if (cmp == null) {
            return false;
        }
        return switch (op) {
            case EQ -> cmp == 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalArgumentException(op.symbol());
        };
    }

    /** The elements at the path inside one instance (empty when the target does not exist). */
    static List<Object> targets(Attribute instance, QPath path) {
        Attribute a = instance;
        for (String sub : path.subAttributes()) {
            a = a.subAttributes().get(sub);
            if (a == null) {
                return List.of();
            }
        }
        if (path.meta() != null) {
            Object member = switch (path.meta()) {
                case OBSERVED_AT -> a.observedAt();
                case CREATED_AT -> a.createdAt();
                case MODIFIED_AT -> a.modifiedAt();
                case UNIT_CODE -> a.unitCode() == null ? null : TextNode.valueOf(a.unitCode());
                case DATASET_ID -> a.datasetId() == null ? null : TextNode.valueOf(a.datasetId());
            };
            return member == null ? List.of() : List.of(member);
        }
        List<JsonNode> nodes = List.of(a.value());
        for (String key : path.keys()) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                // like a MongoDB dotted path, a key steps into an object or into each object of an array
                if (n.isObject() && n.has(key)) {
                    next.add(n.get(key));
                } else if (n.isArray()) {
                    n.forEach(e -> {
                        if (e.isObject() && e.has(key)) {
                            next.add(e.get(key));
                        }
                    });
                }
            }
            nodes = next;
        }
        return new ArrayList<>(nodes);
    }

    /** A list target is compared element by element (one level, as MongoDB does). */
    private static List<Object> candidates(List<Object> targets) {
        List<Object> out = new ArrayList<>();
        for (Object t : targets) {
            if (t instanceof JsonNode n && n.isArray()) {
                n.forEach(out::add);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Object> languageStrings(JsonNode map) {
        List<Object> out = new ArrayList<>();
        if (map.isObject()) {
            map.elements().forEachRemaining(v -> {
                if (v.isTextual()) {
                    out.add(v);
                }
            });
        }
        return out;
    }
}
