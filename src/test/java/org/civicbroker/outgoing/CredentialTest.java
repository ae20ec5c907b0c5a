package org.civicbroker.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Outgoing credentials as configured (docs/security.md, "Outgoing calls"): checked at start-up, matched by host. */
class CredentialTest {

    record Dest(String host, Optional<String> bearerToken, Optional<String> tokenUrl, Optional<String> clientId,
            Optional<String> clientSecret, Optional<String> scope, Optional<String> username, Optional<String> password)
            implements OutgoingConfig.Destination {

        Dest(String host, Optional<String> bearerToken, Optional<String> tokenUrl, Optional<String> clientId,
                Optional<String> clientSecret, Optional<String> scope) {
            this(host, bearerToken, tokenUrl, clientId, clientSecret, scope, Optional.empty(), Optional.empty());
        }

        static Dest bearer(String host, String token) {
            return new Dest(host, Optional.of(token), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        static Dest client(String host, String url, String id, String secret) {
            return new Dest(host, Optional.empty(), Optional.ofNullable(url), Optional.ofNullable(id), Optional.ofNullable(secret),
                    Optional.empty());
        }

        static Dest login(String host, String user, String password) {
            return new Dest(host, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.ofNullable(user), Optional.ofNullable(password));
        }
    }

    @Test
    void aHostMatchesAnyPortAndHostPortOnlyItsPort() {
        Credential any = Credential.of("a", Dest.bearer("Receiver.Example.org", "t"));
        assertThat(any.appliesTo(URI.create("https://receiver.example.org/notify"))).isTrue();
        assertThat(any.appliesTo(URI.create("http://receiver.example.org:8080/notify"))).isTrue();
        assertThat(any.appliesTo(URI.create("https://other.example.org/notify"))).isFalse();
        Credential port = Credential.of("p", Dest.bearer("receiver.example.org:443", "t"));
        assertThat(port.appliesTo(URI.create("https://receiver.example.org/notify"))).isTrue();
        assertThat(port.appliesTo(URI.create("http://receiver.example.org/notify"))).isFalse();
    }

    @Test
    void eitherABearerTokenOrCompleteClientCredentials() {
        assertThatThrownBy(() -> Credential.of("x", new Dest("h", Optional.of("t"), Optional.of("https://id/token"),
                Optional.empty(), Optional.empty(), Optional.empty()))).hasMessageContaining("set one of bearer-token");
        assertThatThrownBy(() -> Credential.of("x", Dest.client("h", "https://id/token", "broker", null)))
                .hasMessageContaining("token-url, client-id and client-secret");
        assertThatThrownBy(() -> Credential.of("x", Dest.client("h", "ftp://id/token", "broker", "s")))
                .hasMessageContaining("http(s)");
        Credential c = Credential.of("x", Dest.client("h", "https://id/token", "broker", "s3cret"));
        assertThat(c.clientCredentials()).isTrue();
        assertThat(c.describe()).contains("broker").doesNotContain("s3cret");
        assertThat(Credential.of("y", Dest.bearer("h", "s3cret")).describe()).doesNotContain("s3cret");
    }

    @Test
    void aUserNameAndPasswordForABrokerHostAndPort() {
        Credential c = Credential.of("m", Dest.login("mqtt.example.org:8883", "civic", "pw"));
        assertThat(c.basic()).isTrue();
        assertThat(c.appliesTo("MQTT.example.org", 8883)).isTrue();
        assertThat(c.appliesTo("mqtt.example.org", 1883)).isFalse();
        assertThat(c.describe()).contains("civic").doesNotContain("pw");
        assertThatThrownBy(() -> Credential.of("x", Dest.login("h", "civic", null))).hasMessageContaining("both username and password");
        assertThatThrownBy(() -> Credential.of("x", new Dest("h", Optional.of("t"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("u"), Optional.of("p")))).hasMessageContaining("set one of");
    }
}
