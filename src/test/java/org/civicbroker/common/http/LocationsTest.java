package org.civicbroker.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsTest {

    @Test
    void keepsTheCharactersAUriPathSegmentHolds() {
        assertThat(Locations.of("/ngsi-ld/v1/entities/", "urn:ngsi-ld:Building:1"))
                .isEqualTo("/ngsi-ld/v1/entities/urn:ngsi-ld:Building:1");
        assertThat(Locations.segment("https://example.org/a@b(c)!$&'*+,=~"))
                .isEqualTo("https:%2F%2Fexample.org%2Fa@b(c)!$&'*+,=~");
    }

    @Test
    void encodesWhatASegmentCannotHold() {
        assertThat(Locations.segment("urn:x:a b?c#d%e;f")).isEqualTo("urn:x:a%20b%3Fc%23d%25e%3Bf");
        assertThat(Locations.segment("urn:x:café")).isEqualTo("urn:x:caf%C3%A9");
    }
}
