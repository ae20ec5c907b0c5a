package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.civicbroker.subscription.MqttAddress;
import org.junit.jupiter.api.Test;

/** Notification endpoint TLS trust (civic.notification.tls.*) and how it configures the HTTP and MQTT clients. */
class EndpointTlsTest {

    private static EndpointTls.Settings settings(Optional<Path> store, String type, Optional<Path> pem, boolean trustAll,
            boolean verifyHostname, boolean defaultCas) {
        return new EndpointTls.Settings(store, Optional.of(TlsFixtures.PASSWORD), type, pem, trustAll, verifyHostname, defaultCas);
    }

    private static X509Certificate[] chain(String keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TlsFixtures.file(keystore))) {
            ks.load(in, TlsFixtures.PASSWORD.toCharArray());
        }
        return Arrays.stream(ks.getCertificateChain("server")).map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
    }

    private static X509TrustManager trustManager(EndpointTls tls) {
        TrustManagerFactory tmf = tls.trustManagerFactory().orElseThrow();
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @Test
    void defaultsUseTheJvmTrustAndVerifyHostNames() {
        EndpointTls tls = EndpointTls.load(EndpointTls.Settings.defaults());
        assertThat(tls.trustManagerFactory()).isEmpty();
        WebClientOptions o = tls.applyTo(new WebClientOptions());
        assertThat(o.isTrustAll()).isFalse();
        assertThat(o.isVerifyHost()).isTrue();
        assertThat(o.getTrustOptions()).isNull();
        MqttClientSslConfig mqtt = tls.mqtt();
        assertThat(mqtt.getTrustManagerFactory()).isEmpty();
        assertThat(mqtt.getHostnameVerifier()).as("no verifier: the TLS engine checks the host (HTTPS rules)").isEmpty();
    }

    @Test
    void trustStoreAddsTheTestCaToTheDefaultCas() throws Exception {
        EndpointTls tls = EndpointTls.load(settings(Optional.of(TlsFixtures.file("truststore.p12")), "PKCS12",
                Optional.empty(), false, true, true));
        assertThat(tls.addedCas()).isEqualTo(1);
        X509TrustManager tm = trustManager(tls);
        tm.checkServerTrusted(chain("server.p12"), "RSA");
        tm.checkServerTrusted(chain("wronghost.p12"), "RSA");  // the chain is fine; its host name is checked in the handshake
        assertThatThrownBy(() -> tm.checkServerTrusted(chain("untrusted.p12"), "RSA")).isInstanceOf(CertificateException.class);
        assertThat(tm.getAcceptedIssuers().length).as("JVM default CAs kept").isGreaterThan(1);
        WebClientOptions o = tls.applyTo(new WebClientOptions());
        assertThat(o.getTrustOptions()).isNotNull();
        assertThat(o.isVerifyHost()).isTrue();
        assertThat(o.isTrustAll()).isFalse();
        assertThat(tls.mqtt().getTrustManagerFactory()).contains(tls.trustManagerFactory().orElseThrow());
        assertThat(tls.mqtt().getHostnameVerifier()).isEmpty();
    }

    @Test
    void jksTrustStoreAndPemCaFileWithoutDefaultCas() throws Exception {
        EndpointTls jks = EndpointTls.load(settings(Optional.of(TlsFixtures.file("truststore.jks")), "JKS",
                Optional.empty(), false, true, false));
        trustManager(jks).checkServerTrusted(chain("server.p12"), "RSA");
        assertThat(trustManager(jks).getAcceptedIssuers()).hasSize(1);
        EndpointTls pem = EndpointTls.load(settings(Optional.empty(), "PKCS12", Optional.of(TlsFixtures.file("ca.pem")),
                false, true, false));
        trustManager(pem).checkServerTrusted(chain("server.p12"), "RSA");
        assertThat(trustManager(pem).getAcceptedIssuers()).hasSize(1);
        assertThat(trustManager(pem).getAcceptedIssuers()[0].getSubjectX500Principal().getName()).contains("Civic Broker Test CA");
        assertThatThrownBy(() -> trustManager(pem).checkServerTrusted(chain("untrusted.p12"), "RSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void trustAllAcceptsAnyCertificateAndHost() throws Exception {
        EndpointTls tls = EndpointTls.load(settings(Optional.empty(), "PKCS12", Optional.empty(), true, true, true));
        WebClientOptions o = tls.applyTo(new WebClientOptions());
        assertThat(o.isTrustAll()).isTrue();
        assertThat(o.isVerifyHost()).isFalse();
        MqttClientSslConfig mqtt = tls.mqtt();
        X509TrustManager tm = (X509TrustManager) mqtt.getTrustManagerFactory().orElseThrow().getTrustManagers()[0];
        tm.checkServerTrusted(chain("untrusted.p12"), "RSA");
        assertThat(mqtt.getHostnameVerifier().orElseThrow().verify("wrong.example", null)).isTrue();
    }

    @Test
    void hostNameVerificationCanBeSwitchedOff() {
        EndpointTls tls = EndpointTls.load(settings(Optional.empty(), "PKCS12", Optional.empty(), false, false, true));
        assertThat(tls.applyTo(new WebClientOptions()).isVerifyHost()).isFalse();
        assertThat(tls.mqtt().getHostnameVerifier()).isPresent();
    }

    @Test
    void unreadableTrustRefusedNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> EndpointTls.load(settings(Optional.of(Path.of("/nonexistent/trust.p12")), "PKCS12",
                Optional.empty(), false, true, true))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("civic.notification.tls.trust-store");
        assertThatThrownBy(() -> EndpointTls.load(new EndpointTls.Settings(Optional.of(TlsFixtures.file("truststore.p12")),
                Optional.of("wrong"), "PKCS12", Optional.empty(), false, true, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("civic.notification.tls.trust-store");
        Path notPem = Files.createTempFile("not", ".pem");
        Files.writeString(notPem, "not a certificate");
        assertThatThrownBy(() -> EndpointTls.load(settings(Optional.empty(), "PKCS12", Optional.of(notPem), false, true, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("civic.notification.tls.ca-file");
        Files.delete(notPem);
    }

    @Test
    void mqttsClientUsesTlsAndPort8883() {
        EndpointTls tls = EndpointTls.load(settings(Optional.of(TlsFixtures.file("truststore.p12")), "PKCS12",
                Optional.empty(), false, true, true));
        Mqtt3Client secure = MqttSender.builder(MqttAddress.parse("mqtts://broker.example/topic"), tls.mqtt())
                .useMqttVersion3().build();
        assertThat(secure.getConfig().getServerPort()).isEqualTo(8883);
        assertThat(secure.getConfig().getSslConfig()).isPresent();
        assertThat(secure.getConfig().getSslConfig().orElseThrow().getTrustManagerFactory())
                .contains(tls.trustManagerFactory().orElseThrow());
        Mqtt3Client plain = MqttSender.builder(MqttAddress.parse("mqtt://broker.example/topic"), tls.mqtt())
                .useMqttVersion3().build();
        assertThat(plain.getConfig().getServerPort()).isEqualTo(1883);
        assertThat(plain.getConfig().getSslConfig()).isEmpty();
    }
}
