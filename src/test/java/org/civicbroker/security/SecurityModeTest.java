package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One setting turns security on (docs/security.md, "Modes"): the issuer URL alone, its keys found by
 * OpenID Connect Discovery; {@code CIVIC_SECURITY_ENABLED=false} overrides; off by default.
 */
class SecurityModeTest {

    record Settings(Optional<Boolean> enabled, Optional<String> issuer, Optional<String> audience,
            Optional<String> keyLocation, String rolesClaim, boolean anonymousTemporal) implements SecurityConfig {

        static Settings of(Boolean enabled, String issuer, String keyLocation) {
            return new Settings(Optional.ofNullable(enabled), Optional.ofNullable(issuer), Optional.empty(),
                    Optional.ofNullable(keyLocation), "roles", false);
        }
    }

    @Test
    void offByDefault() {
        assertThat(SecurityMode.on(Settings.of(null, null, null))).isFalse();
    }

    @Test
    void theIssuerAloneTurnsItOn() {
        assertThat(SecurityMode.on(Settings.of(null, "https://id.example.org/realms/london", null))).isTrue();
    }

    @Test
    void aKeyLocationAloneTurnsItOn() {
        assertThat(SecurityMode.on(Settings.of(null, null, "file:/etc/civic/keys.pem"))).isTrue();
    }

    @Test
    void enabledFalseKeepsItOffWhateverElseIsSet() {
        assertThat(SecurityMode.on(Settings.of(false, "https://id.example.org/realms/london", "file:/k.pem"))).isFalse();
    }

    @Test
    void enabledTrueWithoutIssuerOrKeysRefusesToStart() {
        assertThatThrownBy(() -> SecurityMode.on(Settings.of(true, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CIVIC_SECURITY_ISSUER");
        assertThat(SecurityMode.on(Settings.of(true, null, "file:/k.pem"))).isTrue();
    }

    @Test
    void theKeysOfAnIssuerAreDiscovered() throws Exception {
        String issuer = TestIdentityProvider.issuer();
        TokenVerifier verifier = new TokenVerifier(Settings.of(null, issuer, null), Clock.systemUTC());
        TokenVerifier.Verified v = verifier.verify(SecuredMode.token("ann", "camden:writer"));
        assertThat(v.subject()).isEqualTo("ann");
        assertThat(v.roles().byTenant()).containsEntry("camden", Role.WRITER);
        // the issuer is still checked once the keys are known
        assertThatThrownBy(() -> verifier.verify(TestKeys.token("bob", "reader")))
                .isInstanceOf(TokenVerifier.InvalidToken.class).hasMessageContaining("issuer");
    }

    @Test
    void anUnreachableIdentityProviderIsKeysUnavailableNotABadToken() {
        TokenVerifier verifier = new TokenVerifier(Settings.of(null, "http://127.0.0.1:9/realms/none", null),
                Clock.systemUTC());
        String token = SecuredMode.token("ann", "reader");
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.KeysUnavailable.class);
        // remembered for a while: the next request does not ask the provider again, same answer
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.KeysUnavailable.class);
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerIsRefused() {
        URI url = OidcDiscovery.documentUrl("https://id.example.org/realms/london/");
        assertThat(url).hasToString("https://id.example.org/realms/london/.well-known/openid-configuration");
        assertThatThrownBy(() -> OidcDiscovery.jwksUriOf("https://id.example.org/realms/london", url,
                "{\"issuer\":\"https://evil.example.com\",\"jwks_uri\":\"https://evil.example.com/keys\"}"))
                .isInstanceOf(OidcDiscovery.Failed.class).hasMessageContaining("evil");
        assertThatThrownBy(() -> OidcDiscovery.jwksUriOf("https://a", url, "{\"issuer\":\"https://a\"}"))
                .isInstanceOf(OidcDiscovery.Failed.class).hasMessageContaining("jwks_uri");
        assertThat(OidcDiscovery.jwksUriOf("https://a", url, "{\"issuer\":\"https://a\",\"jwks_uri\":\"https://a/k\"}"))
                .isEqualTo("https://a/k");
    }
}
