package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query string forwarded to context sources (clause 4.3.6). */
class RemoteRequestTest {

    @Test
    void keepsTheClientsParametersInOrderAndEncoding() {
        assertThat(RemoteRequest.query("attrs=speed&type=Vehicle&q=speed%3E50")).isEqualTo("?attrs=speed&type=Vehicle&q=speed%3E50");
        assertThat(RemoteRequest.query(null)).isEmpty();
    }

    @Test
    void dropsLocalAndAsksForTheNormalizedForm() {
        assertThat(RemoteRequest.query("type=Vehicle&local=true&format=simplified")).isEqualTo("?type=Vehicle");
        assertThat(RemoteRequest.query("type=Vehicle&options=keyValues,sysAttrs")).isEqualTo("?type=Vehicle&options=sysAttrs");
        assertThat(RemoteRequest.query("type=Vehicle&options=concise")).isEqualTo("?type=Vehicle");
    }

    @Test
    void aLaterPageAsksEachSourceForEverythingUpToItsEnd() {
        assertThat(RemoteRequest.query("type=Vehicle&limit=10&offset=20")).isEqualTo("?type=Vehicle&limit=30");
        assertThat(RemoteRequest.query("type=Vehicle&offset=5")).isEqualTo("?type=Vehicle&limit=25");
    }
}
