package org.civicbroker.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionTest {

    private static final UnaryOperator<String> EXPAND = MongoFixture.EXPANDER;

    private static String iri(String name) {
        return EXPAND.apply(name);
    }

    static Stream<Arguments> malformed() {
        return Tsv.cases("projection-malformed.tsv", 3);
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @MethodSource("malformed")
    void malformedIsBadRequestDataNamingThePosition(String param, String input, String position) {
        assertThatThrownBy(() -> Projection.of(null, param.equals("pick") ? input : null,
                param.equals("omit") ? input : null, EXPAND))
                .isInstanceOfSatisfying(NgsiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
                    assertThat(e.getMessage()).contains(param);
                    if (!position.isEmpty()) {
                        assertThat(e.getMessage()).contains("position " + position + ":");
                    }
                });
    }

    @Test
    void noParameterKeepsEverything() {
        Projection p = Projection.of(null, null, null, EXPAND);
        assertThat(p.kind()).isEqualTo(Projection.Kind.ALL);
        assertThat(p.keepsId() && p.keepsType() && p.keepsScope() && p.keepsAttribute(iri("any"))).isTrue();
        assertThat(p.neededAttributes()).isEmpty();
        assertThat(p.omittedAttributes()).isEmpty();
    }

    @Test
    void pickKeepsOnlyWhatItNames() {
        Projection p = Projection.of(null, "id,name", null, EXPAND);
        assertThat(p.keepsId()).isTrue();
        assertThat(p.keepsType()).isFalse();
        assertThat(p.keepsScope()).isFalse();
        assertThat(p.keepsAttribute(iri("name"))).isTrue();
        assertThat(p.keepsAttribute(iri("speed"))).isFalse();
        assertThat(p.neededAttributes()).contains(Set.of(iri("name")));
    }

    @Test
    void pickIdAloneYieldsIdsOnly() {
        Projection p = Projection.of(null, "id", null, EXPAND);
        assertThat(p.keepsId()).isTrue();
        assertThat(p.keepsType()).isFalse();
        assertThat(p.keepsAttribute(iri("name"))).isFalse();
        assertThat(p.neededAttributes()).contains(Set.of());
    }

    @Test
    void omitDropsWhatItNames() {
        Projection p = Projection.of(null, null, "type|speed", EXPAND);
        assertThat(p.keepsId()).isTrue();
        assertThat(p.keepsType()).isFalse();
        assertThat(p.keepsScope()).isTrue();
        assertThat(p.keepsAttribute(iri("speed"))).isFalse();
        assertThat(p.keepsAttribute(iri("name"))).isTrue();
        assertThat(p.neededAttributes()).isEmpty();
        assertThat(p.omittedAttributes()).containsExactly(iri("speed"));
    }

    @Test
    void nestedBracesProjectTheLinkedEntity() {
        Projection p = Projection.of(null, "name,owner{name,address{street}}", null, EXPAND);
        assertThat(p.keepsAttribute(iri("owner"))).isTrue();
        assertThat(p.neededAttributes()).contains(Set.of(iri("name"), iri("owner")));
        Projection owner = p.linked(iri("owner")).orElseThrow();
        assertThat(owner.kind()).isEqualTo(Projection.Kind.PICK);
        assertThat(owner.keepsAttribute(iri("name"))).isTrue();
        assertThat(owner.keepsAttribute(iri("address"))).isTrue();
        assertThat(owner.keepsAttribute(iri("phone"))).isFalse();
        assertThat(owner.linked(iri("address")).orElseThrow().attributes()).containsExactly(iri("street"));
        assertThat(p.linked(iri("name"))).isEmpty();
    }

    @Test
    void omitWithBracesKeepsTheRelationshipAndOmitsInsideTheLinkedEntity() {
        Projection p = Projection.of(null, null, "owner{phone}", EXPAND);
        assertThat(p.keepsAttribute(iri("owner"))).isTrue();
        Projection owner = p.linked(iri("owner")).orElseThrow();
        assertThat(owner.keepsAttribute(iri("phone"))).isFalse();
        assertThat(owner.keepsAttribute(iri("name"))).isTrue();
    }

    @Test
    void repeatedNestedProjectionsMerge() {
        Projection p = Projection.of(null, "owner{a},owner{b}", null, EXPAND);
        assertThat(p.linked(iri("owner")).orElseThrow().attributes()).containsExactly(iri("a"), iri("b"));
    }

    @Test
    void attrsKeepsEntityMembersAndListedAttributes() {
        Projection p = Projection.of("name,https://schema.org/address", null, null, EXPAND);
        assertThat(p.keepsId() && p.keepsType() && p.keepsScope()).isTrue();
        assertThat(p.keepsAttribute(iri("name"))).isTrue();
        assertThat(p.keepsAttribute("https://schema.org/address")).isTrue();
        assertThat(p.keepsAttribute(iri("speed"))).isFalse();
        assertThat(p.neededAttributes()).contains(Set.of(iri("name"), "https://schema.org/address"));
    }

    @Test
    void attrsIsAPlainCommaList() {
        for (String bad : List.of("", ",", "a,", "a|b", "a{b}", "a b")) {
            assertThatThrownBy(() -> Projection.of(bad, null, null, EXPAND))
                    .as(bad).isInstanceOfSatisfying(NgsiException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }

    @Test
    void attrsNamingEntityMembersIsBadRequestData() {
        for (String bad : List.of("id", "id,type", "name,scope", "createdAt")) {
            assertThatThrownBy(() -> Projection.of(bad, null, null, EXPAND))
                    .as(bad).isInstanceOfSatisfying(NgsiException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }

    @Test
    void depthCountsTheLevelsOfLinkedEntities() {
        assertThat(Projection.of(null, "id,name", null, EXPAND).depth()).isZero();
        assertThat(Projection.of(null, "id,rel{name}", null, EXPAND).depth()).isEqualTo(1);
        assertThat(Projection.of(null, null, "rel{a,other{b{c}}},x{y}", EXPAND).depth()).isEqualTo(3);
    }

    @Test
    void namesAttributesAndSelects() {
        Projection pick = Projection.of(null, "id,name,rel{x}", null, EXPAND);
        assertThat(pick.namesAttributes()).isTrue();
        assertThat(pick.selects(Set.of(iri("rel")))).isTrue();
        assertThat(pick.selects(Set.of(iri("x"), iri("speed")))).isFalse();
        assertThat(Projection.of(null, "id,type", null, EXPAND).namesAttributes()).isFalse();
        assertThat(Projection.of(null, null, "name", EXPAND).namesAttributes()).isFalse();
        assertThat(Projection.of("name", null, null, EXPAND).namesAttributes()).isTrue();
    }

    @Test
    void pickWithOmitOrAttrsIsBadRequestData() {
        for (String[] combo : new String[][] {{null, "a", "b"}, {"a", "b", null}, {"a", null, "b"}}) {
            assertThatThrownBy(() -> Projection.of(combo[0], combo[1], combo[2], EXPAND))
                    .isInstanceOfSatisfying(NgsiException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }

    @Test
    void unexpandableNameIsBadRequestData() {
        assertThatThrownBy(() -> Projection.of(null, "a", null, n -> null))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> Projection.of(null, "a,".repeat(2048) + "b", null, EXPAND))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("longer than"));
        String deep = "a{".repeat(40) + "b" + "}".repeat(40);
        assertThatThrownBy(() -> Projection.of(null, deep, null, EXPAND))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("nested deeper"));
    }
}
