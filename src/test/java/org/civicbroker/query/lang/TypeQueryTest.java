package org.civicbroker.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeQueryTest {

    private static MongoFixture store;

    @BeforeAll
    static void start() {
        store = new MongoFixture();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    static Stream<Arguments> valid() {
        return Tsv.cases("type-valid.tsv", 2);
    }

    static Stream<Arguments> malformed() {
        return Tsv.cases("type-malformed.tsv", 2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void matcherAndMongoAgreeWithTheTable(String expression, String expected) {
        TypeQuery q = TypeQuery.parse(expression).resolve(MongoFixture.EXPANDER);
        List<String> inMemory = store.rows.stream().filter(r -> q.matches(r.types())).map(MongoFixture.Row::id).sorted().toList();

        assertThat(inMemory).as("in-memory").isEqualTo(Tsv.ids(expected));
        assertThat(store.find(q.toBson())).as("mongo %s", q.toBson().toBsonDocument()).isEqualTo(Tsv.ids(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedIsInvalidRequestNamingThePosition(String expression, String position) {
        assertThatThrownBy(() -> TypeQuery.parse(expression))
                .isInstanceOfSatisfying(NgsiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
                    if (!position.isEmpty()) {
                        assertThat(e.getMessage()).contains("position " + position + ":");
                    }
                });
    }

    @Test
    void nullIsInvalid() {
        assertThatThrownBy(() -> TypeQuery.parse(null)).isInstanceOf(NgsiException.class);
    }

    @Test
    void overLongInputIsRejectedBeforeParsing() {
        String longList = "A,".repeat(2048) + "B";
        assertThatThrownBy(() -> TypeQuery.parse(longList))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("longer than 4096"));
        assertThat(TypeQuery.parse("A,".repeat(2047) + "B").mentionedTypes()).hasSize(2);
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() {
        String deep = "(".repeat(2000) + "A" + ")".repeat(2000);
        assertThatThrownBy(() -> TypeQuery.parse(deep))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("nested deeper"));
        String ok = "(".repeat(32) + "A" + ")".repeat(32);
        assertThat(TypeQuery.parse(ok).expr()).isEqualTo(new BoolExpr.Leaf<>("A"));
    }

    @Test
    void plainAlternativesBecomeOneInSoAnIndexCanServeThem() {
        BsonDocument bson = TypeQuery.parse("A,B|C").resolve(MongoFixture.EXPANDER).toBson().toBsonDocument();
        assertThat(bson.toJson()).isEqualTo(
                "{\"type\": {\"$in\": [\"https://ex.org/A\", \"https://ex.org/B\", \"https://ex.org/C\"]}}");
        assertThat(TypeQuery.parse("A").toBson().toBsonDocument().toJson()).isEqualTo("{\"type\": \"A\"}");
        assertThat(TypeQuery.parse("A,B").isSimpleList()).isTrue();
        assertThat(TypeQuery.parse("A;B").isSimpleList()).isFalse();
    }

    @Test
    void andBindsTighterThanOrAndSameKindOperandsAreFlattened() {
        assertThat(TypeQuery.parse("A|B;C,(D,E)").expr()).isEqualTo(new BoolExpr.Or<>(List.of(
                new BoolExpr.Leaf<>("A"),
                new BoolExpr.And<>(List.of(new BoolExpr.Leaf<>("B"), new BoolExpr.Leaf<>("C"))),
                new BoolExpr.Leaf<>("D"), new BoolExpr.Leaf<>("E"))));
    }

    @Test
    void mentionedTypesAreTheTermsInOrderWithoutDuplicates() {
        TypeQuery q = TypeQuery.parse("(B;A),C|A").resolve(t -> "x:" + t);
        assertThat(q.mentionedTypes()).containsExactly("x:B", "x:A", "x:C");
    }

    @Test
    void unexpandableTermIsBadRequestData() {
        assertThatThrownBy(() -> TypeQuery.parse("A,B").resolve(t -> t.equals("B") ? null : t))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }
}
