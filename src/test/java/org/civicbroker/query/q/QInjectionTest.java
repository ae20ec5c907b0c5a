package org.civicbroker.query.q;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User text in q must never become a MongoDB operator, a field path or an aggregation field reference. */
class QInjectionTest {

    /** Every operator the translator itself writes. */
    private static final Set<String> OWN_OPERATORS = Set.of("$and", "$or", "$nor", "$elemMatch", "$exists", "$eq",
            "$ne", "$in", "$gt", "$gte", "$lt", "$lte", "$regex", "$not", "$type", "$expr", "$anyElementTrue",
            "$map", "$ifNull", "$cond", "$objectToArray", "$literal", "$regexMatch");

    @ParameterizedTest
    @ValueSource(strings = {
        "name==\"{\\\"$gt\\\":\\\"\\\"}\"",
        "name==\"$where\"",
        "name==\"$$ROOT\"",
        "name!=\"$attrs\",\"$$i.value\"",
        "name>\"$gt\"",
        "name==\"$a\"..\"$b\"",
        "name~=\"$where\"",
        "name!~=\"^$ne\"",
        "a[$where]==1",
        "a[$ne]",
        "a[b.$gt]!=\"x\"",
        "a.b[$expr][c]==true",
        "a[%24where]==1",
        "a.observedAt>2020-01-01T00:00:00Z",
        "a==urn:$where:x",
    })
    void userTextOnlyAppearsAsValues(String q) {
        BsonDocument filter = QTranslator.toFilter(QParser.parse(q).resolve(t -> "https://ex.org/" + t))
                .toBsonDocument();
        List<String> problems = new ArrayList<>();
        walk(filter, false, false, problems);
        assertThat(problems).as(filter.toJson()).isEmpty();
    }

    @Test
    void theCheckDetectsInjectedOperatorsAndReferences() {
        for (String bad : List.of("{\"$where\": \"sleep(1)\"}", "{\"attrs.$gt\": 1}",
                "{\"$expr\": {\"$eq\": [\"$name\", {\"$literal\": \"$ok\"}]}}")) {
            List<String> problems = new ArrayList<>();
            walk(BsonDocument.parse(bad), false, false, problems);
            assertThat(problems).as(bad).hasSize(1);
        }
    }

    @Test
    void compoundKeysAreEncodedIntoTheFieldPath() {
        BsonDocument filter = QTranslator.toFilter(QParser.parse("a[$where.b]==1").resolve(t -> "https://ex.org/" + t))
                .toBsonDocument();
        assertThat(filter.toJson()).contains("\"value.%24where.b\"").doesNotContain("\"$where\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$where", "a.$ne==1", "name=={\"$gt\":\"\"}", "name==$where", "a;$or==1", "a[b]]==1",
        "a==1;{\"$where\":\"sleep(1000)\"}"})
    void operatorShapedInputIsRejected(String q) {
        assertThatThrownBy(() -> QParser.parse(q)).isInstanceOf(NgsiException.class)
                .hasMessageContaining("at position");
    }

    /**
     * Keys starting with '$' must be the translator's own operators; field names (other keys) must
     * not have a path segment starting with '$'; inside $expr (where "$x" reads field x), a string
     * starting with '$' outside a $literal must be one of the translator's own field references.
     * Outside $expr, strings are inert query values.
     */
    private static void walk(BsonValue value, boolean inExpr, boolean inLiteral, List<String> problems) {
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                String key = e.getKey();
                if (!inLiteral && key.startsWith("$") && !OWN_OPERATORS.contains(key)) {
                    problems.add("operator " + key);
                }
                if (!key.startsWith("$")) {
                    for (String segment : key.split("\\.")) {
                        if (segment.startsWith("$")) {
                            problems.add("field segment " + segment);
                        }
                    }
                }
                walk(e.getValue(), inExpr || key.equals("$expr"), inLiteral || key.equals("$literal"), problems);
            }
        } else if (value.isArray()) {
            BsonArray array = value.asArray();
            array.forEach(v -> walk(v, inExpr, inLiteral, problems));
        } else if (value.isString() && inExpr && !inLiteral) {
            String s = value.asString().getValue();
            boolean ownReference = s.startsWith("$attrs.") || s.startsWith("$$i.") || s.equals("$$kv.v")
                    || s.equals("kv") || s.equals("i");
            if (!ownReference) {
                problems.add("expression string " + s);
            }
        }
    }
}
