package org.civicbroker.notification;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator's TLS trust for notification endpoints ({@code civic.notification.tls.*}, see
 * docs/subscriptions.md), loaded at start-up so that a trust store that cannot be read stops the broker
 * instead of failing every HTTPS / MQTTS notification later.
 */
@Startup
@ApplicationScoped
public class NotificationTls {

    private static final Logger LOG = Logger.getLogger(NotificationTls.class);

    private final EndpointTls tls;

    public NotificationTls(
            @ConfigProperty(name = "civic.notification.tls.trust-store") Optional<String> trustStore,
            @ConfigProperty(name = "civic.notification.tls.trust-store-password") Optional<String> trustStorePassword,
            @ConfigProperty(name = "civic.notification.tls.trust-store-type", defaultValue = "PKCS12") String trustStoreType,
            @ConfigProperty(name = "civic.notification.tls.ca-file") Optional<String> caFile,
            @ConfigProperty(name = "civic.notification.tls.trust-all", defaultValue = "false") boolean trustAll,
            @ConfigProperty(name = "civic.notification.tls.verify-hostname", defaultValue = "true") boolean verifyHostname,
            @ConfigProperty(name = "civic.notification.tls.default-cas", defaultValue = "true") boolean defaultCas) {
        this.tls = EndpointTls.load(new EndpointTls.Settings(path(trustStore), trustStorePassword, trustStoreType,
                path(caFile), trustAll, verifyHostname, defaultCas));
        if (trustAll) {
            LOG.warn("civic.notification.tls.trust-all is on: HTTPS and MQTTS notification endpoints are not "
                    + "authenticated (any certificate, any host name). Use it on test rigs only.");
        } else if (tls.addedCas() > 0) {
            LOG.infof("Notification endpoints: %d CA certificate(s) trusted besides %s", tls.addedCas(),
                    defaultCas ? "the JVM's default CAs" : "nothing else (default CAs off)");
        }
        if (!verifyHostname && !trustAll) {
            LOG.warn("civic.notification.tls.verify-hostname is off: notification endpoint host names are not checked");
        }
    }

    private static Optional<Path> path(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty()).map(Path::of);
    }

    public EndpointTls get() {
        return tls;
    }
}
