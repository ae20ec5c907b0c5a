package org.civicbroker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelpersTest {

    @ParameterizedTest
    @CsvSource({
        "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.123456789Z, 2024-05-01T10:00:00.123456789Z",
        "2024-05-01T10:00:00+05:30, 2024-05-01T04:30:00Z",
        "2024-05-01T10:00:00-0100, 2024-05-01T11:00:00Z",
        "2024-05-01T10:00:00+02, 2024-05-01T08:00:00Z",
        "2024-05-01T10:00Z, 2024-05-01T10:00:00Z",
        "2016-03-15T11:00:00, 2016-03-15T11:00:00Z",
        "2024-02-29T23:59:59.5z, 2024-02-29T23:59:59.500Z"
    })
    void parsesDateTimes(String text, String expected) {
        assertThat(DateTimes.parse(text)).isEqualTo(Instant.parse(expected));
    }

    /** Clause 4.6.3: UTC with Z; whole seconds print without a fraction, milliseconds only when present. */
    @ParameterizedTest
    @CsvSource({
        "2020-08-01T12:03:00Z, 2020-08-01T12:03:00Z",
        "2020-08-01T12:03:00.000Z, 2020-08-01T12:03:00Z",
        "2020-08-01T12:03:00.250Z, 2020-08-01T12:03:00.250Z",
        "2020-08-01T12:03:00.001Z, 2020-08-01T12:03:00.001Z",
        "2020-08-01T12:03:00.123456789Z, 2020-08-01T12:03:00.123Z",
        "2020-08-01T14:03:00+02:00, 2020-08-01T12:03:00Z",
        "2020-08-01T12:03Z, 2020-08-01T12:03:00Z"
    })
    void printsDateTimesInTheFormTheyWereSent(String sent, String printed) {
        assertThat(DateTimes.format(DateTimes.parse(sent))).isEqualTo(printed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-05-01", "2024-05-01 10:00:00Z", "2024-02-30T10:00:00Z",
        "2023-02-29T10:00:00Z", "2024-05-01T25:00:00Z", "2024-05-01T10:00:00Z[Europe/London]",
        "2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00ZZ", " 2024-05-01T10:00:00Z", "1714557600"})
    void rejectsGarbageDateTimes(String text) {
        assertThat(DateTimes.tryParse(text)).isNull();
        assertThatThrownBy(() -> DateTimes.parse(text)).isInstanceOf(NgsiException.class)
                .hasMessageContaining("is not an ISO 8601 DateTime")
                .extracting(e -> ((NgsiException) e).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:ngsi-ld:Thing:1", "https://example.org/a/b?c=d#e", "mailto:ada@example.org",
        "urn:ngsi-ld:Street:Plaza_de_España", "a+b.c-d:x", "urn:x:%41"})
    void acceptsAbsoluteUris(String uri) {
        assertThat(Uris.isAbsoluteUri(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a uri", "urn", "urn:", "/x", "./x", "x", ":x", "1a:x", "a_b:x", "urn:a b",
        "urn:a\tb", "urn:a\u0000", "urn:a\u00a0b", "urn:a<b>", "urn:a\"b", "urn:a{b}", "urn:a%2", "urn:a%zz",
        "urn:a\\b", "urn:a|b"})
    void rejectsNonAbsoluteUris(String uri) {
        assertThat(Uris.isAbsoluteUri(uri)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/London", "/London/Camden/Kentish_Town", "/a/b-c/d.e", "/Madrid/Gardens/ParqueNorte"})
    void acceptsScopes(String scope) {
        assertThat(Names.isValidScope(scope)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"temperature", "sdm:temperature", "https://example.org/ns#temp", "température", "a-b_c.d"})
    void acceptsNames(String name) {
        assertThat(Names.isValidName(name)).isTrue();
    }
}
