package org.civicbroker.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Whether security is on, and the token verifier when it is. One setting turns it on: the identity
 * provider's issuer URL ({@code CIVIC_SECURITY_ISSUER}; the keys are then discovered) or a key location;
 * {@code CIVIC_SECURITY_ENABLED=false} keeps it off whatever else is set. Logs the mode at start-up, so an
 * operator reading the log knows whether the broker is open to everyone; refuses to start when security
 * is forced on without an issuer or keys.
 */
@ApplicationScoped
public class SecurityMode {

    private static final Logger LOG = Logger.getLogger(SecurityMode.class);

    private final SecurityConfig config;
    private final TokenVerifier verifier;

    public SecurityMode(SecurityConfig config) {
        this.config = config;
        this.verifier = on(config) ? new TokenVerifier(config, Clock.systemUTC()) : null;
    }

    /** The mode the settings ask for (docs/security.md, "Modes"). Pure. */
    static boolean on(SecurityConfig config) {
        boolean identified = config.issuer().isPresent() || config.keyLocation().isPresent();
        if (config.enabled().orElse(false) && !identified) {
            throw new IllegalStateException("CIVIC_SECURITY_ENABLED=true needs CIVIC_SECURITY_ISSUER (the identity "
                    + "provider's issuer URL; its keys are discovered) or CIVIC_SECURITY_KEY_LOCATION (a JWKS URL "
                    + "or public key file): docs/security.md");
        }
        return config.enabled().orElse(identified);
    }

    void onStart(@Observes StartupEvent ev) {
        if (verifier == null) {
            LOG.info("Security: OFF - every caller may read, write and delete everything in every tenant "
                    + (config.enabled().isPresent() && (config.issuer().isPresent() || config.keyLocation().isPresent())
                            ? "(CIVIC_SECURITY_ENABLED=false overrides the issuer/key settings; docs/security.md)"
                            : "(set CIVIC_SECURITY_ISSUER to the identity provider's issuer URL; docs/security.md)"));
            return;
        }
        LOG.infof("Security: ON - bearer tokens verified with keys from %s, issuer %s, audience %s; roles from "
                + "claim '%s'; anonymous temporal reads %s", config.keyLocation().orElseGet(() ->
                        OidcDiscovery.documentUrl(config.issuer().orElseThrow()) + " (jwks_uri, fetched on first use)"),
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
