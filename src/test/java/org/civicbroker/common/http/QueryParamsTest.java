package org.civicbroker.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void booleansAreTrueOrFalseInAnyLetterCase() {
        assertThat(QueryParams.bool("details", "true")).isTrue();
        assertThat(QueryParams.bool("details", "True")).isTrue();
        assertThat(QueryParams.bool("details", "TRUE")).isTrue();
        assertThat(QueryParams.bool("details", "False")).isFalse();
        assertThat(QueryParams.bool("details", null)).isFalse();
    }

    @Test
    void anythingElseIsBadRequestData() {
        for (String v : new String[] {"", "yes", "1", "truee"}) {
            assertThatThrownBy(() -> QueryParams.bool("details", v))
                    .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }
}
