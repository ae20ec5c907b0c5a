package org.civicbroker.query.q;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.BsonRegularExpression;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.model.AttributeType;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.FieldNames;

/**
 * Translates a resolved q tree into a MongoDB filter on the entity document shape of
 * {@link EntityDocuments}, with the semantics of {@link QMatcher} (the two are tested against the same
 * cases). Only standard query operators are used ({@code $and $or $nor $elemMatch $exists $eq $in $gt
 * $gte $lt $lte $regex $not $type}), plus {@code $expr} for the any-language LanguageProperty case.
 *
 * <p>Each attribute is an array of instances, so every comparison is one {@code $elemMatch} on
 * {@code attrs.<encoded IRI>}: all its conditions hold on the same instance (multi-instance attributes
 * match when ANY instance matches). User text only ever appears as values: field names come from
 * {@link FieldNames#encode} and operators from this class; in {@code $expr} every literal is wrapped in
 * {@code $literal} so that a {@code "$..."} string is never read as a field path.
 *
 * <p>Known limits (both back-ends behave the same except where noted): a compound key cannot address
 * a stored key that itself contains {@code .} ({@code [a.b]} means key a, then key b); a range or a
 * typed date comparison on a compound path that runs through an array of objects ({@code attr[k]}
 * with value {@code [{k: 1}, {k: 5}]}) may, in MongoDB, be satisfied by different elements, where the
 * matcher requires one; any-language matching applies to top-level LanguageProperty attributes only.
 */
public final class QTranslator {

    static final String LANGUAGE_PROPERTY = AttributeType.LANGUAGE_PROPERTY.term();

    private QTranslator() {
    }

    public static Bson toFilter(QNode node) {
        return filter(node);
    }

    static Document filter(QNode node) {
        if (node instanceof QNode.And and) {
            return new Document("$and", and.children().stream().map(QTranslator::filter).toList());
        }
        if (node instanceof QNode.Or or) {
            return new Document("$or", or.children().stream().map(QTranslator::filter).toList());
        }
        if (node instanceof QNode.Exists exists) {
            QPath p = exists.path();
            return new Document(FieldNames.attributePath(p.attribute()) + "." + instancePath(p),
                    new Document("$exists", true));
        }
        QNode.Comparison c = (QNode.Comparison) node;
        String attr = FieldNames.attributePath(c.path().attribute());
        Document instance = instanceCondition(c);
        if (!c.path().isTopLevelValue()) {
            return elemMatch(attr, instance);
        }
        // clause 4.9 on a LanguageProperty without a language: any of its strings (see LanguageFilter)
        Document notLanguage = new Document(EntityDocuments.TYPE, new Document("$ne", LANGUAGE_PROPERTY));
        return new Document("$or", List.of(
                elemMatch(attr, new Document("$and", List.of(notLanguage, instance))),
                LanguageFilter.filter(attr, c)));
    }

    private static Document elemMatch(String attr, Document instanceCondition) {
        return new Document(attr, new Document("$elemMatch", instanceCondition));
    }

    /** The path of the target inside one stored instance: value, sub.X.value.k, observedAt, ... */
    static String instancePath(QPath p) {
        StringBuilder sb = new StringBuilder();
        for (String sub : p.subAttributes()) {
            sb.append(EntityDocuments.SUB).append('.').append(FieldNames.encode(sub)).append('.');
        }
        if (p.meta() != null) {
            return sb.append(p.meta().field()).toString();
        }
        sb.append(EntityDocuments.VALUE);
        p.keys().forEach(k -> sb.append('.').append(FieldNames.encode(k)));
        return sb.toString();
    }

    private static Document instanceCondition(QNode.Comparison c) {
        String path = instancePath(c.path());
        boolean timestamp = c.path().meta() != null && c.path().meta().isTimestamp();
        return switch (c.operator()) {
            case EQ -> equality(path, c.operand(), timestamp);
            case NE -> negation(path, equality(path, c.operand(), timestamp));
            case MATCH -> regex(path, (QOperand.Regex) c.operand());
            case NOT_MATCH -> negation(path, regex(path, (QOperand.Regex) c.operand()));
            default -> literal(path, "$" + mongoOperator(c.operator()), ((QOperand.Single) c.operand()).value(),
                    timestamp);
        };
    }

    /** {@code !=} and {@code !~=}: the instance has the target and the positive condition fails. */
    private static Document negation(String path, Document positive) {
        return new Document(path, new Document("$exists", true)).append("$nor", List.of(positive));
    }

    private static Document regex(String path, QOperand.Regex r) {
        return new Document(path, new Document("$regex", r.pattern()));
    }

    private static Document equality(String path, QOperand operand, boolean timestamp) {
        if (operand instanceof QOperand.Single s) {
            return literal(path, "$eq", s.value(), timestamp);
        }
        if (operand instanceof QOperand.Range r) {
            return range(path, r, timestamp);
        }
        List<Object> plain = new ArrayList<>();
        List<Document> alternatives = new ArrayList<>();
        for (QLiteral l : ((QOperand.ValueList) operand).values()) {
            if (timestamp || QValueComparison.isTemporal(l)) {
                alternatives.add(literal(path, "$eq", l, timestamp));
            } else {
                plain.add(bsonValue(l));
            }
        }
        if (!plain.isEmpty()) {
            alternatives.add(0, new Document(path, new Document("$in", plain)));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Document("$or", alternatives);
    }

    private static Document range(String path, QOperand.Range r, boolean timestamp) {
        if (timestamp) {
            Date low = date(r.low());
            Date high = date(r.high());
            return low == null || high == null ? never(path)
                    : new Document(path, new Document("$gte", low).append("$lte", high));
        }
        if (QValueComparison.isTemporal(r.low())) {
            return temporal(path, new Document("$gte", r.low().comparableString())
                    .append("$lte", r.high().comparableString()), r.low());
        }
        return scalarOrElement(path, new Document("$gte", bsonValue(r.low())).append("$lte", bsonValue(r.high())));
    }

    /** One comparison {@code path op literal}, with the kind rules of {@link QValueComparison}. */
    private static Document literal(String path, String op, QLiteral l, boolean timestamp) {
        if (timestamp) {
            Date d = date(l);
            return d == null ? never(path) : new Document(path, new Document(op, d));
        }
        if (QValueComparison.isTemporal(l)) {
            return temporal(path, new Document(op, l.comparableString()), l);
        }
        return new Document(path, new Document(op, bsonValue(l)));
    }

    /**
     * A date, time or date-time literal: strings of the literal's shape, or the {@code @value} of a
     * typed object ({@code {"@type": "DateTime", "@value": ...}}), compared as strings.
     */
    private static Document temporal(String path, Document ops, QLiteral l) {
        // the shape check is {$in: [/regex/]}, not $regex: mongo-java-server ignores the other operators
        // of a document that holds $regex
        Document shaped = new Document(ops).append("$in",
                List.of(new BsonRegularExpression(QValueComparison.shape(l))));
        Document typed = new Document(path + "." + QValueComparison.AT_TYPE,
                new Document("$in", List.copyOf(QValueComparison.typeMarkers(l))))
                .append(path + "." + QValueComparison.AT_VALUE, ops);
        return new Document("$or", List.of(scalarOrElement(path, shaped), typed));
    }

    /**
     * Several conditions that must hold on the SAME value: on an array value one element must satisfy
     * all of them ({@code $elemMatch}); on any other value the plain conditions apply.
     */
    private static Document scalarOrElement(String path, Document ops) {
        if (ops.size() == 1) {
            return new Document(path, ops);
        }
        Document scalar = new Document(ops).append("$not", new Document("$type", "array"));
        return new Document("$or", List.of(
                new Document(path, new Document("$elemMatch", ops)),
                new Document(path, scalar)));
    }

    /** A condition no instance satisfies: incompatible types never match (clause 4.9). */
    private static Document never(String path) {
        return new Document(path, new Document("$in", List.of()));
    }

    private static Date date(QLiteral l) {
        var instant = QValueComparison.literalInstant(l);
        return instant == null ? null : Date.from(instant);
    }

    static Object bsonValue(QLiteral l) {
        if (l instanceof QLiteral.Num n) {
            return n.isLong() ? (Object) n.value().longValueExact() : (Object) n.value().doubleValue();
        }
        if (l instanceof QLiteral.Bool b) {
            return b.value();
        }
        return l.comparableString();
    }

    static String mongoOperator(QOperator op) {
        return switch (op) {
            case GT -> "gt";
            case GE -> "gte";
            case LT -> "lt";
            case LE -> "lte";
            default -> throw new IllegalArgumentException(op.symbol());
        };
    }
}
