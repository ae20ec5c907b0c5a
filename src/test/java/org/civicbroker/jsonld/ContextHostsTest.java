package org.civicbroker.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;

/** Where @contexts may be fetched from (docs/security.md, "Outgoing calls"): the SSRF guard. */
class ContextHostsTest {

    @Test
    void aDeniedHostIsRefusedByNameAndSubdomainPattern() {
        ContextHosts h = new ContextHosts(List.of(), List.of("*.evil.example", " Contexts.Blocked.Example "), true);
        assertThatThrownBy(() -> h.checkName("a.evil.example")).isInstanceOf(NgsiException.class).hasMessageContaining("denied");
        assertThatThrownBy(() -> h.checkName("CONTEXTS.blocked.example.")).hasMessageContaining("denied");
        assertThatCode(() -> h.checkName("evil.example")).doesNotThrowAnyException();  // *. means subdomains
        assertThatCode(() -> h.checkName("notevil.example")).doesNotThrowAnyException();
        assertThatCode(() -> h.checkName("uri.etsi.org")).doesNotThrowAnyException();
    }

    @Test
    void withAnAllowListOnlyItsHostsAreFetched() {
        ContextHosts h = new ContextHosts(List.of("uri.etsi.org", "*.smartdatamodels.org"), List.of("bad.smartdatamodels.org"), true);
        assertThatCode(() -> h.checkName("uri.etsi.org")).doesNotThrowAnyException();
        assertThatCode(() -> h.checkName("raw.smartdatamodels.org")).doesNotThrowAnyException();
        assertThatThrownBy(() -> h.checkName("example.com")).hasMessageContaining("not on this broker's list of allowed hosts");
        assertThatThrownBy(() -> h.checkName("bad.smartdatamodels.org")).hasMessageContaining("denied");  // deny wins
    }

    @Test
    void privateAddressesOnlyWhenAllowedAndLinkLocalNever() throws Exception {
        ContextHosts closed = new ContextHosts(List.of(), List.of(), false);
        ContextHosts open = ContextHosts.PERMISSIVE;
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.10", "100.64.0.1", "::1", "fd00::1")) {
            InetAddress address = InetAddress.getByName(a);
            assertThat(ContextHosts.isPrivate(address)).as(a).isTrue();
            assertThatThrownBy(() -> closed.checkAddress(a, address)).as(a).hasMessageContaining("loopback or private");
            assertThatCode(() -> open.checkAddress(a, address)).as(a).doesNotThrowAnyException();
        }
        for (String a : List.of("169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1")) {
            InetAddress address = InetAddress.getByName(a);
            assertThatThrownBy(() -> open.checkAddress(a, address)).as(a).hasMessageContaining("link-local");
        }
        for (String a : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1")) {
            InetAddress address = InetAddress.getByName(a);
            assertThatCode(() -> closed.checkAddress(a, address)).as(a).doesNotThrowAnyException();
        }
    }

    @Test
    void theFetcherChecksTheHostBeforeAnyConnection() {
        ContextFetcher f = new ContextFetcher(java.time.Duration.ofSeconds(1), 1024, new ContextHosts(List.of(), List.of(), false));
        assertThatThrownBy(() -> f.fetch("http://127.0.0.1:9/context.jsonld")).isInstanceOf(NgsiException.class)
                .hasMessageContaining("loopback or private");
    }
}
