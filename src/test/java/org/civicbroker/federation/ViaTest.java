package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Via header of distributed operations (clause 6.3.18, RFC 7230 5.7.1). */
class ViaTest {

    @Test
    void namesAreTheReceivedByPartsOfEachHop() {
        assertThat(Via.names(null)).isEmpty();
        assertThat(Via.names("1.1 camden, HTTP/1.1 london-proxy:8080 (comment), hackney")).containsExactly("camden",
                "london-proxy:8080", "hackney");
    }

    @Test
    void forwardingAppendsThisBroker() {
        assertThat(Via.append(null, "london")).isEqualTo("1.1 london");
        assertThat(Via.append("1.1 camden", "london")).isEqualTo("1.1 camden, 1.1 london");
    }
}
