package org.civicbroker.representation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderOptionsTest {

    @ParameterizedTest
    @CsvSource({"normalized, NORMALIZED", "concise, CONCISE", "keyValues, SIMPLIFIED", "simplified, SIMPLIFIED"})
    void optionsKeywordsNameFormats(String keyword, Format expected) {
        assertThat(Format.ofKeyword(keyword)).contains(expected);
    }

    @Test
    void unknownKeywordsNameNoFormat() {
        assertThat(Format.ofKeyword("keyvalues")).isEmpty();
        assertThat(Format.ofKeyword("sysAttrs")).isEmpty();
        assertThat(Format.ofKeyword(null)).isEmpty();
    }

    @Test
    void defaultsAreNormalizedWithIdTypeAndAllAttributes() {
        RenderOptions o = RenderOptions.defaults();
        assertThat(o.format()).isEqualTo(Format.NORMALIZED);
        assertThat(o.sysAttrs()).isFalse();
        assertThat(o.lang()).isNull();
        assertThat(o.includeId()).isTrue();
        assertThat(o.includeType()).isTrue();
        assertThat(o.embedContext()).isFalse();
        assertThat(o.includes("https://example.org/anything")).isTrue();
    }

    @Test
    void blankLangMeansNoneAndStarPicksAnyLanguage() {
        assertThat(RenderOptions.defaults().withLang("  ").lang()).isNull();
        assertThat(RenderOptions.defaults().withLang("*").picksLanguage()).isTrue();
        assertThat(RenderOptions.defaults().withLang("fr").picksLanguage()).isTrue();
    }

    @Test
    void malformedLangIsRejected() {
        assertThatThrownBy(() -> RenderOptions.defaults().withLang("en;q=2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
