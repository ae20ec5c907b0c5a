package org.civicbroker.notification;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for notification endpoints ({@code https://} and {@code mqtts://}): borough receivers often
 * present certificates of a private CA, so the operator can add CAs from a trust store (PKCS12 or JKS)
 * and/or a PEM file. Added CAs come on top of the JVM's default CAs (unless {@code default-cas} is off),
 * so public endpoints keep working. Host name verification is on by default. {@code trust-all} accepts any
 * certificate whatever its issuer or host name (a host name check on a certificate nobody vouches for
 * proves nothing): for test rigs only. The same trust applies to the Vert.x WebClient and the HiveMQ client.
 * Pure code (no Quarkus), built once at start-up: a trust store that cannot be read stops the broker.
 */
public final class EndpointTls {

    /** Accepts any host name: used only when host name verification is switched off or trust-all is on. */
    private static final HostnameVerifier ANY_HOST = (host, session) -> true;

    /**
     * @param trustStore trust store file whose certificates are trusted (besides the JVM defaults)
     * @param trustStoreType {@code PKCS12} or {@code JKS}
     * @param caFile PEM file with one or more CA certificates to trust
     * @param trustAll accept every certificate (no issuer and no host name check)
     * @param verifyHostname check the endpoint host against the certificate (SAN), as HTTPS does
     * @param defaultCas keep trusting the JVM's default CAs when CAs are added
     */
    public record Settings(Optional<Path> trustStore, Optional<String> trustStorePassword, String trustStoreType,
            Optional<Path> caFile, boolean trustAll, boolean verifyHostname, boolean defaultCas) {

        public static Settings defaults() {
            return new Settings(Optional.empty(), Optional.empty(), "PKCS12", Optional.empty(), false, true, true);
        }
    }

    private final Settings settings;
    /** Null: the JVM's default trust. */
    private final TrustManagerFactory trust;
    private final int addedCas;

    private EndpointTls(Settings settings, TrustManagerFactory trust, int addedCas) {
        this.settings = settings;
        this.trust = trust;
        this.addedCas = addedCas;
    }

    /**
     * Loads the configured CAs.
     *
     * @throws IllegalArgumentException naming the setting when a file cannot be read or holds no certificate
     */
    public static EndpointTls load(Settings s) {
        if (s.trustAll() || (s.trustStore().isEmpty() && s.caFile().isEmpty())) {
            return new EndpointTls(s, null, 0);
        }
        List<Certificate> cas = new ArrayList<>();
        s.trustStore().ifPresent(p -> cas.addAll(fromTrustStore(p, s.trustStorePassword(), s.trustStoreType())));
        s.caFile().ifPresent(p -> cas.addAll(fromPem(p)));
        int added = cas.size();
        try {
            if (s.defaultCas()) {
                Collections.addAll(cas, jvmDefaultCas());
            }
            KeyStore combined = KeyStore.getInstance("PKCS12");
            combined.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                combined.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(combined);
            return new EndpointTls(s, tmf, added);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Notification TLS trust could not be set up: " + e.getMessage(), e);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The trust manager factory of the configured CAs, or empty for the JVM default trust (or trust-all). */
    public Optional<TrustManagerFactory> trustManagerFactory() {
        return Optional.ofNullable(trust);
    }

    /** How many CA certificates the operator added (trust store and PEM file). */
    public int addedCas() {
        return addedCas;
    }

    /** Configures the Vert.x WebClient used for {@code https://} endpoints. */
    public WebClientOptions applyTo(WebClientOptions o) {
        if (settings.trustAll()) {
            return o.setTrustAll(true).setVerifyHost(false);
        }
        if (trust != null) {
            o.setTrustOptions(TrustOptions.wrap(trust));
        }
        return o.setVerifyHost(settings.verifyHostname());
    }

    /**
     * The HiveMQ client TLS configuration for {@code mqtts://} endpoints. Without a host name verifier the
     * HiveMQ client has the TLS engine check the host name as HTTPS does (endpoint identification), which is
     * the default here; a verifier that accepts any host switches that off.
     */
    public MqttClientSslConfig mqtt() {
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder();
        if (settings.trustAll()) {
            return b.trustManagerFactory(InsecureTrustManagerFactory.INSTANCE).hostnameVerifier(ANY_HOST).build();
        }
        if (trust != null) {
            b = b.trustManagerFactory(trust);
        }
        if (!settings.verifyHostname()) {
            b = b.hostnameVerifier(ANY_HOST);
        }
        return b.build();
    }

    private static List<Certificate> fromTrustStore(Path path, Optional<String> password, String type) {
        String what = "civic.notification.tls.trust-store '" + path + "'";
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.map(String::toCharArray).orElse(null));
            List<Certificate> out = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                // trusted certificate entries, and the certificate of a key entry (as the JDK's PKIX trust does)
                Certificate c = ks.getCertificate(alias);
                if (c != null) {
                    out.add(c);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(what + " holds no certificate (wrong password or type?)");
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " (type " + type + ") cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> fromPem(Path path) {
        String what = "civic.notification.tls.ca-file '" + path + "'";
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(what + " holds no PEM certificate");
            }
            return new ArrayList<>(certs);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The CAs the JVM trusts by default (its cacerts, or javax.net.ssl.trustStore when set). */
    private static X509Certificate[] jvmDefaultCas() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
