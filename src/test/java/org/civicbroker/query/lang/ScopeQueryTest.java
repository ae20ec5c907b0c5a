package org.civicbroker.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeQueryTest {

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
        return Tsv.cases("scope-valid.tsv", 2);
    }

    static Stream<Arguments> malformed() {
        return Tsv.cases("scope-malformed.tsv", 2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void matcherAndMongoAgreeWithTheTable(String expression, String expected) {
        ScopeQuery q = ScopeQuery.parse(expression);
        List<String> inMemory = store.rows.stream().filter(r -> q.matches(r.scopes())).map(MongoFixture.Row::id).sorted().toList();

        assertThat(inMemory).as("in-memory").isEqualTo(Tsv.ids(expected));
        assertThat(store.find(q.toBson())).as("mongo %s", q.toBson().toBsonDocument()).isEqualTo(Tsv.ids(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedIsInvalidRequestNamingThePosition(String expression, String position) {
        assertThatThrownBy(() -> ScopeQuery.parse(expression))
                .isInstanceOfSatisfying(NgsiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
                    if (!position.isEmpty()) {
                        assertThat(e.getMessage()).contains("position " + position + ":");
                    }
                });
    }

    @Test
    void exactScopesUseEqualityOrInAndWildcardsUseEscapedAnchoredRegexes() {
        assertThat(ScopeQuery.parse("/a/b,/c").toBson().toBsonDocument().toJson())
                .isEqualTo("{\"scope\": {\"$in\": [\"/a/b\", \"/c\"]}}");
        assertThat(ScopeQuery.parse("/a.b/+/#").toBson().toBsonDocument().toJson())
                .isEqualTo("{\"scope\": {\"$regularExpression\": {\"pattern\": \"^/a\\\\.b/[^/]+(/.*)?$\", \"options\": \"\"}}}");
        assertThat(ScopeQuery.parse("/#").toBson().toBsonDocument().toJson())
                .isEqualTo("{\"scope\": {\"$regularExpression\": {\"pattern\": \"^/\", \"options\": \"\"}}}");
    }

    @Test
    void entityWithoutScopeMatchesNothing() {
        assertThat(ScopeQuery.parse("/#").matches(List.of())).isFalse();
        assertThat(ScopeQuery.parse("/#").matches(null)).isFalse();
    }

    @Test
    void overLongAndDeeplyNestedInputsAreRejectedQuickly() {
        assertThatThrownBy(() -> ScopeQuery.parse("/a".repeat(2049))).isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> ScopeQuery.parse("(".repeat(4000) + "/a" + ")".repeat(90)))
                .isInstanceOf(NgsiException.class);
        // the longest accepted input still parses and matches in linear time
        String longest = "/" + "a".repeat(ParamText.MAX_LENGTH - 3) + "/#";
        assertThat(ScopeQuery.parse(longest).matches(List.of("/" + "a".repeat(ParamText.MAX_LENGTH - 3)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/London", "/London/Camden", "/Zürich/Alt-stadt_1", "/a.b/c~d:e@f%20!"})
    void validScopesAreAccepted(String scope) {
        assertThat(ScopePattern.validateScope(scope)).isEqualTo(scope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "London", "/London/", "//a", "/a/+", "/a/#", "/a b", "/a,b", "/a;b", "/(a)", "/a*"})
    void invalidScopesAreBadRequestData(String scope) {
        assertThatThrownBy(() -> ScopePattern.validateScope(scope))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }
}
