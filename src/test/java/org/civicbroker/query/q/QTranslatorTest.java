package org.civicbroker.query.q;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BSON-level checks of filter shapes, including the one the embedded store cannot execute. */
class QTranslatorTest {

    private static String filter(String q) {
        return QTranslator.toFilter(QParser.parse(q).resolve(t -> "https://ex.org/" + t)).toBsonDocument().toJson();
    }

    @Test
    void anyLanguagePatternUsesRegexMatchOnEveryLanguageString() {
        // unverified on the embedded store (no $regexMatch in mongo-java-server 1.47): real MongoDB 4.2+
        String json = filter("label~=\"^Sal\"");
        assertThat(json)
                .contains("\"$objectToArray\": \"$$i.value\"")
                .contains("\"$regexMatch\": {\"input\": \"$$kv.v\", \"regex\": {\"$regularExpression\": {\"pattern\": \"^Sal\"")
                .contains("\"$ifNull\": [\"$attrs.https://ex%2Eorg/label\", []]")
                .contains("{\"type\": {\"$ne\": \"LanguageProperty\"}}");
        assertThat(filter("label!~=\"^Sal\"")).contains("\"$not\": [{\"$cond\"");
    }

    @Test
    void aRangeHoldsOnOneListElement() {
        assertThat(filter("a[k]==1..5")).contains(
                "{\"value.k\": {\"$elemMatch\": {\"$gte\": 1, \"$lte\": 5}}}",
                "{\"value.k\": {\"$gte\": 1, \"$lte\": 5, \"$not\": {\"$type\": \"array\"}}}");
    }

    @Test
    void negationsRequireTheTarget() {
        assertThat(filter("a.s!=1")).isEqualTo("{\"attrs.https://ex%2Eorg/a\": {\"$elemMatch\": "
                + "{\"sub.https://ex%2Eorg/s.value\": {\"$exists\": true}, \"$nor\": [{\"sub.https://ex%2Eorg/s.value\": {\"$eq\": 1}}]}}}");
    }

    @Test
    void numbersKeepTheirKind() {
        assertThat(filter("a.unitCode==\"x\";a.s>2.5;a.s<3")).contains("\"$gt\": 2.5", "\"$lt\": 3}")
                .doesNotContain("\"$lt\": 3.0");
        assertThat(filter("a.observedAt<2020-01-01")).contains("\"observedAt\": {\"$lt\": {\"$date\": \"2020-01-01T00:00:00Z\"}}");
        assertThat(filter("a.observedAt<12:00:00")).as("a time never compares with a timestamp")
                .contains("\"observedAt\": {\"$in\": []}");
    }
}
