package org.civicbroker.notification;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test certificates under fixtures/subscription/tls (made by its generate.sh; password "changeit"): a
 * test CA, server keys signed by it for 127.0.0.1/localhost and for another host name, and a self-signed
 * one nobody trusts.
 */
final class TlsFixtures {

    static final String PASSWORD = "changeit";

    private TlsFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(TlsFixtures.class.getResource("/fixtures/subscription/tls/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no TLS fixture " + name, e);
        }
    }

    /** The broker trusts the test CA (trust store) on top of the default CAs; host names are verified. */
    public static final class TrustTestCa implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("civic.notification.tls.trust-store", file("truststore.p12").toString(),
                    "civic.notification.tls.trust-store-password", PASSWORD);
        }
    }
}
