package org.civicbroker.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {

    static Stream<Arguments> table() {
        return Tsv.cases("options.tsv", 3);
    }

    @ParameterizedTest(name = "[{index}] options={0} format={1} -> {2}")
    @MethodSource("table")
    void representationOrError(String options, String format, String expected) {
        String fmt = format.equals("-") ? null : format;
        if (expected.equals("InvalidRequest") || expected.equals("BadRequestData")) {
            ErrorType type = expected.equals("InvalidRequest") ? ErrorType.INVALID_REQUEST : ErrorType.BAD_REQUEST_DATA;
            assertThatThrownBy(() -> Options.parse(options).representation(fmt))
                    .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(type));
        } else {
            assertThat(Options.parse(options).representation(fmt)).isEqualTo(Representation.valueOf(expected));
        }
    }

    @Test
    void flagsAreExposedAndUnknownOptionsAreNamed() {
        Options o = Options.parse("sysAttrs,noOverwrite,keyValues");
        assertThat(o.flags()).containsExactlyInAnyOrder(Option.SYS_ATTRS, Option.NO_OVERWRITE, Option.KEY_VALUES);
        assertThat(o.sysAttrs()).isTrue();
        assertThat(o.has(Option.REPLACE)).isFalse();
        assertThat(Options.parse(null)).isEqualTo(Options.none());
        assertThatThrownBy(() -> Options.parse("sysAttrs,fancy"))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("'fancy'"));
        assertThatThrownBy(() -> Options.parse("sysAttrs,".repeat(500)))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("longer than"));
    }
}
