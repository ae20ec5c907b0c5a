package org.civicbroker.query.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.query.lang.Projection;
import org.junit.jupiter.api.Test;

class JoinSpecTest {

    private static void bad(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(NgsiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void parsesTheParameters() {
        JoinSpec s = JoinSpec.ofParameters("inline", "3", "urn:a:1,urn:a:2");
        assertThat(s.mode()).isEqualTo(JoinSpec.Mode.INLINE);
        assertThat(s.level()).isEqualTo(3);
        assertThat(s.containedBy()).containsExactly("urn:a:1", "urn:a:2");
        assertThat(JoinSpec.ofParameters("flat", null, null).level()).isEqualTo(1);
        assertThat(JoinSpec.ofParameters(null, "2", null).joins()).isFalse();
        assertThat(JoinSpec.ofParameters("@none", null, null).joins()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAJoin() {
        bad(() -> JoinSpec.ofParameters("deep", null, null));
        bad(() -> JoinSpec.ofParameters("flat", "0", null));
        bad(() -> JoinSpec.ofParameters("flat", "two", null));
        bad(() -> JoinSpec.ofParameters("flat", String.valueOf(JoinSpec.MAX_LEVEL + 1), null));
        bad(() -> JoinSpec.ofParameters("flat", null, "not a uri"));
        bad(() -> JoinSpec.ofParameters(null, "-1", null));
    }

    @Test
    void aProjectionIntoLinkedEntitiesNeedsAJoinDeepEnough() {
        Projection oneLevel = Projection.of(null, "id,rel{name}", null, Graphs.EXPAND);
        Projection twoLevels = Projection.of(null, null, "rel{a{b}}", Graphs.EXPAND);
        bad(() -> JoinSpec.NONE.check(oneLevel));
        bad(() -> JoinSpec.ofParameters("inline", "1", null).check(twoLevels));
        JoinSpec.ofParameters("inline", "1", null).check(oneLevel);
        JoinSpec.ofParameters("flat", "2", null).check(twoLevels);
        JoinSpec.NONE.check(Projection.of(null, "id,name", null, Graphs.EXPAND));
    }
}
