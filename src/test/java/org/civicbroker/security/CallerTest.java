package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.junit.jupiter.api.Test;

/** Narrowing what a caller without a token reads to the open types. */
class CallerTest {

    static final Caller ANON = Caller.anonymous(Set.of("P", "Q"));

    @Test
    void anUnrestrictedCallerChangesNothing() {
        TypeQuery t = TypeQuery.parse("A;B");
        assertThat(Caller.UNRESTRICTED.narrow(t)).isSameAs(t);
        assertThat(Caller.UNRESTRICTED.narrow((TypeQuery) null)).isNull();
        assertThat(Caller.authenticated("u", Role.READER).sees(List.of("X"))).isTrue();
    }

    @Test
    void noSelectionBecomesTheOpenTypes() {
        TypeQuery t = ANON.narrow((TypeQuery) null);
        assertThat(t.matches(List.of("P"))).isTrue();
        assertThat(t.matches(List.of("Q", "Z"))).isTrue();
        assertThat(t.matches(List.of("Z"))).isFalse();
    }

    @Test
    void aPlainListIsIntersectedAndStaysAPlainList() {
        TypeQuery t = ANON.narrow(TypeQuery.parse("P,Z"));
        assertThat(t.isSimpleList()).isTrue();
        assertThat(t.mentionedTypes()).containsExactly("P");
        assertThat(ANON.narrow(TypeQuery.parse("Z")).matches(List.of("Z"))).isFalse();
    }

    @Test
    void aComplexSelectionIsAndedWithTheOpenTypes() {
        TypeQuery t = ANON.narrow(TypeQuery.parse("(Z;W)|P"));
        assertThat(t.matches(List.of("Z", "W"))).isFalse();
        assertThat(t.matches(List.of("Z", "W", "Q"))).isTrue();
        assertThat(t.matches(List.of("P"))).isTrue();
    }

    @Test
    void withNoOpenTypeNothingMatches() {
        Caller closed = Caller.anonymous(Set.of());
        assertThat(closed.narrow((TypeQuery) null).matches(List.of("P"))).isFalse();
        assertThat(closed.sees(List.of("P"))).isFalse();
    }

    @Test
    void everySelectorOfAQueryIsNarrowed() {
        EntityQuery q = new EntityQuery(List.of(new EntityQuery.Selector(List.of("urn:a"), null, null),
                new EntityQuery.Selector(List.of(), ".*", TypeQuery.parse("Z"))), Set.of(), null, null, null);
        EntityQuery n = ANON.narrow(q);
        assertThat(n.selectors()).hasSize(2);
        assertThat(n.selectors().get(0).ids()).containsExactly("urn:a");
        assertThat(n.selectors().get(0).type().matches(List.of("P"))).isTrue();
        assertThat(n.selectors().get(1).type().matches(List.of("Z"))).isFalse();
        assertThat(ANON.narrow(new EntityQuery(List.of(), Set.of(), null, null, null)).selectors()).hasSize(1);
    }
}
