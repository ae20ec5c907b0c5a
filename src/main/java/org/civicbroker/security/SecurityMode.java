package org.civicbroker.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Whether security is on, and the token verifier when it is. Logs the mode at start-up, so an operator
 * reading the log knows whether the broker is open to everyone; refuses to start when security is on
 * without verification keys.
 */
@ApplicationScoped
public class SecurityMode {

    private static final Logger LOG = Logger.getLogger(SecurityMode.class);

    private final SecurityConfig config;
    private final TokenVerifier verifier;

    public SecurityMode(SecurityConfig config) {
        this.config = config;
        this.verifier = config.enabled() ? new TokenVerifier(config, Clock.systemUTC()) : null;
    }

    void onStart(@Observes StartupEvent ev) {
        if (!config.enabled()) {
            LOG.info("Security: OFF - every caller may read, write and delete everything in every tenant "
                    + "(set CIVIC_SECURITY_ENABLED=true; docs/security.md)");
            return;
        }
        LOG.infof("Security: ON - bearer tokens verified with keys from %s, issuer %s, audience %s; roles from "
                + "claim '%s'; anonymous temporal reads %s", config.keyLocation().orElse("?"),
                config.issuer().orElse("(not checked)"), config.audience().orElse("(not checked)"),
                config.rolesClaim(), config.anonymousTemporal() ? "allowed" : "refused");
        if (config.issuer().isEmpty() || config.audience().isEmpty()) {
            LOG.warn("Security: set CIVIC_SECURITY_ISSUER and CIVIC_SECURITY_AUDIENCE: without them a token "
                    + "issued by the same keys for another application is accepted");
        }
    }

    public boolean enabled() {
        return verifier != null;
    }

    public boolean anonymousTemporal() {
        return config.anonymousTemporal();
    }

    public TokenVerifier verifier() {
        return verifier;
    }
}
