package org.civicbroker.query.q;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QParserTest {

    private static QPath path(String attr) {
        return new QPath(attr, List.of(), null, List.of());
    }

    private static QNode.Comparison cmp(String attr, QOperator op, QLiteral value) {
        return new QNode.Comparison(path(attr), op, new QOperand.Single(value));
    }

    private static QLiteral num(String n) {
        return new QLiteral.Num(new BigDecimal(n));
    }

    @Test
    void andBindsTighterThanOr() {
        QNode a = new QNode.Exists(path("a"));
        QNode b = new QNode.Exists(path("b"));
        QNode c = new QNode.Exists(path("c"));
        assertThat(QParser.parse("a;b|c")).isEqualTo(new QNode.Or(List.of(new QNode.And(List.of(a, b)), c)));
        assertThat(QParser.parse("a|b;c")).isEqualTo(new QNode.Or(List.of(a, new QNode.And(List.of(b, c)))));
        assertThat(QParser.parse("(a|b);c")).isEqualTo(new QNode.And(List.of(new QNode.Or(List.of(a, b)), c)));
        assertThat(QParser.parse(" ( ( a ) ) ")).isEqualTo(a);
    }

    @Test
    void operatorsAndLiterals() {
        assertThat(QParser.parse("t>=-2.5e3")).isEqualTo(cmp("t", QOperator.GE, num("-2.5e3")));
        assertThat(QParser.parse("t<10")).isEqualTo(cmp("t", QOperator.LT, num("10")));
        assertThat(QParser.parse("t<=10")).isEqualTo(cmp("t", QOperator.LE, num("10")));
        assertThat(QParser.parse("t>10")).isEqualTo(cmp("t", QOperator.GT, num("10")));
        assertThat(QParser.parse("t!=true")).isEqualTo(cmp("t", QOperator.NE, new QLiteral.Bool(true)));
        assertThat(QParser.parse("t==\"a\\\"b\\\\c\\u0041\"")).isEqualTo(cmp("t", QOperator.EQ, new QLiteral.Text("a\"b\\cA")));
        assertThat(QParser.parse("t==urn:ngsi-ld:X:1")).isEqualTo(cmp("t", QOperator.EQ, new QLiteral.Uri("urn:ngsi-ld:X:1")));
        assertThat(QParser.parse("t==2018-12-04T13:00:00+01:00"))
                .isEqualTo(cmp("t", QOperator.EQ, new QLiteral.DateTime(Instant.parse("2018-12-04T12:00:00Z"))));
        assertThat(QParser.parse("t==2018-12-04T12:00:00")).as("no offset: UTC")
                .isEqualTo(cmp("t", QOperator.EQ, new QLiteral.DateTime(Instant.parse("2018-12-04T12:00:00Z"))));
        assertThat(QParser.parse("t<2018-12-04")).isEqualTo(cmp("t", QOperator.LT, new QLiteral.Date(LocalDate.of(2018, 12, 4))));
        assertThat(QParser.parse("t>12:30:00Z")).isEqualTo(cmp("t", QOperator.GT, new QLiteral.Time("12:30:00Z")));
        assertThat(QParser.parse("t~=^a(b|c)")).isEqualTo(new QNode.Comparison(path("t"), QOperator.MATCH,
                new QOperand.Regex("^a(b|c)")));
        assertThat(QParser.parse("t!~=\"x;y\"")).isEqualTo(new QNode.Comparison(path("t"), QOperator.NOT_MATCH,
                new QOperand.Regex("x;y")));
    }

    @Test
    void rangesAndLists() {
        assertThat(QParser.parse("t==1..5")).isEqualTo(new QNode.Comparison(path("t"), QOperator.EQ,
                new QOperand.Range(num("1"), num("5"))));
        assertThat(QParser.parse("t==1.5..2.5")).isEqualTo(new QNode.Comparison(path("t"), QOperator.EQ,
                new QOperand.Range(num("1.5"), num("2.5"))));
        assertThat(QParser.parse("t!=\"a\",\"b\",3")).isEqualTo(new QNode.Comparison(path("t"), QOperator.NE,
                new QOperand.ValueList(List.of(new QLiteral.Text("a"), new QLiteral.Text("b"), num("3")))));
    }

    @Test
    void paths() {
        assertThat(((QNode.Exists) QParser.parse("a.b.c")).path()).isEqualTo(new QPath("a", List.of("b", "c"), null, List.of()));
        assertThat(((QNode.Exists) QParser.parse("a.b.observedAt")).path())
                .isEqualTo(new QPath("a", List.of("b"), QPath.Meta.OBSERVED_AT, List.of()));
        assertThat(((QNode.Exists) QParser.parse("a.datasetId")).path())
                .isEqualTo(new QPath("a", List.of(), QPath.Meta.DATASET_ID, List.of()));
        assertThat(((QNode.Exists) QParser.parse("observedAt")).path()).as("a lone meta name is an attribute")
                .isEqualTo(path("observedAt"));
        assertThat(((QNode.Exists) QParser.parse("a[b.c]")).path()).isEqualTo(new QPath("a", List.of(), null, List.of("b", "c")));
        assertThat(((QNode.Exists) QParser.parse("a.s[b][c]")).path()).isEqualTo(new QPath("a", List.of("s"), null, List.of("b", "c")));
        assertThat(((QNode.Exists) QParser.parse("ex:name[en]")).path()).isEqualTo(new QPath("ex:name", List.of(), null, List.of("en")));
    }

    @Test
    void resolveExpandsNamesButNotKeysOrMeta() {
        QNode node = QParser.parse("a.b.observedAt>2020-01-01T00:00:00Z;c[k.l]==1").resolve(t -> "urn:x:" + t);
        QNode.And and = (QNode.And) node;
        assertThat(((QNode.Comparison) and.children().get(0)).path())
                .isEqualTo(new QPath("urn:x:a", List.of("urn:x:b"), QPath.Meta.OBSERVED_AT, List.of()));
        assertThat(((QNode.Comparison) and.children().get(1)).path())
                .isEqualTo(new QPath("urn:x:c", List.of(), null, List.of("k", "l")));
    }

    @ParameterizedTest(name = "{0} -> position {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "temperature>|12",
        "temperature>>5|12",
        "(a==1|5",
        "a==1)|4",
        "a==hot|3",
        "a=1|1",
        "a==\"x|3",
        "a[b|1",
        "a..b==1|2",
        "a>1..5|3",
        "a>true|2",
        "a==1..\"x\"|4",
        "a==2018-13-01|3",
        "a==1e999999|3",
        ";a|0",
        "a;|2",
        "$where|0",
        "a.$ne==1|2",
        "a==1,|5",
        "a[]|2",
        "a[b]c==1|4",
        "a==\"\\q\"|4",
        "a~=\"(\"|5",
        "a~=\"(a+)+\"|7",
        "a~=\"(\\w*x?)*\"|10",
        "a~=\"(a)\\1\"|7",
        "a b|2",
    })
    void errorsNameThePosition(String q, int position) {
        assertThatThrownBy(() -> QParser.parse(q))
                .isInstanceOfSatisfying(NgsiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
                    assertThat(e.getMessage()).endsWith("at position " + position).doesNotContain("null");
                });
    }

    @Test
    void emptyQueryIsRejected() {
        assertThatThrownBy(() -> QParser.parse(" ")).isInstanceOf(NgsiException.class).hasMessageContaining("position 0");
    }

    @Test
    void safeRegexesAreAccepted() {
        for (String re : List.of("^\\d{4}(-\\d{2})?$", "(ab)+", "a+b*", "(?i)kitchen", "[(a+)+]", "(a{2})*")) {
            assertThat(QParser.parse("a~=\"" + re + "\"")).isInstanceOf(QNode.Comparison.class);
        }
    }

    @Test
    void limitsGiveBadRequestsNotStackOverflows() {
        assertThatThrownBy(() -> QParser.parse("a==\"" + "x".repeat(QParser.MAX_LENGTH) + "\""))
                .isInstanceOf(NgsiException.class).hasMessageContaining("longer than 8192");
        assertThatThrownBy(() -> QParser.parse("(".repeat(4000) + "a" + ")".repeat(4000)))
                .isInstanceOf(NgsiException.class).hasMessageContaining("nested deeper than 64 at position 64");
        String ok = "(".repeat(QParser.MAX_DEPTH) + "a" + ")".repeat(QParser.MAX_DEPTH);
        assertThat(QParser.parse(ok)).isEqualTo(new QNode.Exists(path("a")));
        assertThatThrownBy(() -> QParser.parse("a~=\"" + "x".repeat(RegexGuard.MAX_LENGTH + 1) + "\""))
                .isInstanceOf(NgsiException.class).hasMessageContaining("longer than 512");
    }
}
