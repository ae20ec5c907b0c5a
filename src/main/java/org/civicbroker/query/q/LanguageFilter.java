package org.civicbroker.query.q;

import java.util.List;
import org.bson.BsonRegularExpression;
import org.bson.Document;
import org.civicbroker.persistence.EntityDocuments;

/**
 * The Mongo filter for a comparison on a LanguageProperty addressed without a language (clause 4.9:
 * the term matches when any of the language strings matches). The language tags are data, not known
 * field names, so this needs {@code $expr} with {@code $objectToArray}:
 *
 * <pre>
 * anyElementTrue( map(instances, i -> i.type == "LanguageProperty" && isObject(i.value)
 *                     && anyElementTrue( map(objectToArray(i.value), kv -> isString(kv.v) && pred(kv.v)))))
 * </pre>
 *
 * {@code !=} / {@code !~=} negate the inner any. Only string and URI literals and patterns can match
 * language strings. Literals are wrapped in {@code $literal}. {@code ~=} uses {@code $regexMatch}
 * (MongoDB 4.2+), which the embedded store (mongo-java-server 1.47) does not implement: on the
 * embedded store that one case fails; the filter is tested at the BSON level.
 */
final class LanguageFilter {

    private static final String KV = "$$kv.v";
    private static final String INSTANCE = "$$i";

    private LanguageFilter() {
    }

    static Document filter(String attributePath, QNode.Comparison c) {
        boolean negated = c.operator() == QOperator.NE || c.operator() == QOperator.NOT_MATCH;
        Object guardedPred = cond(isString(KV), predicate(c), false);
        Object anyLanguage = new Document("$anyElementTrue", List.of(new Document("$map", new Document("input",
                new Document("$objectToArray", INSTANCE + "." + EntityDocuments.VALUE))
                .append("as", "kv").append("in", guardedPred))));
        Object whenObject = cond(isObject(INSTANCE + "." + EntityDocuments.VALUE), anyLanguage, false);
        Object perInstance = cond(new Document("$eq", List.of(INSTANCE + "." + EntityDocuments.TYPE,
                        literal(QTranslator.LANGUAGE_PROPERTY))),
                negated ? new Document("$not", List.of(whenObject)) : whenObject, false);
        Document instances = new Document("$ifNull", List.of("$" + attributePath, List.of()));
        Document any = new Document("$anyElementTrue", List.of(new Document("$map",
                new Document("input", instances).append("as", "i").append("in", perInstance))));
        // {$eq: [..., true]} at the top: mongo-java-server only evaluates comparison operators there
        return new Document("$expr", new Document("$eq", List.of(any, true)));
    }

    /** The positive predicate on one language string {@code $$kv.v}, or false when nothing can match. */
    private static Object predicate(QNode.Comparison c) {
        QOperand operand = c.operand();
        if (operand instanceof QOperand.Regex r) {
            return new Document("$regexMatch", new Document("input", KV)
                    .append("regex", new BsonRegularExpression(r.pattern())));
        }
        if (operand instanceof QOperand.ValueList list) {
            List<Object> texts = list.values().stream().filter(LanguageFilter::textual)
                    .map(l -> (Object) l.comparableString()).toList();
            return texts.isEmpty() ? false : new Document("$in", List.of(KV, literal(texts)));
        }
        if (operand instanceof QOperand.Range r) {
            return !textual(r.low()) ? false : new Document("$and", List.of(
                    compare("$gte", r.low()), compare("$lte", r.high())));
        }
        QLiteral value = ((QOperand.Single) operand).value();
        if (!textual(value)) {
            return false;
        }
        String op = c.operator() == QOperator.EQ || c.operator() == QOperator.NE ? "$eq"
                : "$" + QTranslator.mongoOperator(c.operator());
        return compare(op, value);
    }

    private static Document compare(String op, QLiteral l) {
        return new Document(op, List.of(KV, literal(l.comparableString())));
    }

    private static boolean textual(QLiteral l) {
        return l instanceof QLiteral.Text || l instanceof QLiteral.Uri;
    }

    private static Document cond(Object test, Object then, Object otherwise) {
        return new Document("$cond", List.of(test, then, otherwise));
    }

    /** BSON order: numbers < strings < objects < arrays, so {@code "" <= x < {}} means x is a string. */
    private static Document isString(String x) {
        return new Document("$and", List.of(new Document("$gte", List.of(x, literal(""))),
                new Document("$lt", List.of(x, literal(new Document())))));
    }

    private static Document isObject(String x) {
        return new Document("$and", List.of(new Document("$gte", List.of(x, literal(new Document()))),
                new Document("$lt", List.of(x, literal(List.of())))));
    }

    private static Document literal(Object value) {
        return new Document("$literal", value);
    }
}
