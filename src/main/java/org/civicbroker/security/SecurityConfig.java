package org.civicbroker.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Authentication and authorization settings (docs/security.md). */
@ConfigMapping(prefix = "civic.security")
public interface SecurityConfig {

    /**
     * Unset (the default): security is on exactly when {@link #issuer()} or {@link #keyLocation()} is set, so
     * one setting, the identity provider's issuer URL, turns it on. {@code false}: off whatever else is set
     * (the README's first run: every request may do everything). {@code true}: on, and the broker refuses to
     * start without an issuer or key location.
     */
    Optional<Boolean> enabled();

    /**
     * Expected {@code iss} of tokens, the identity provider's issuer URL. Setting it turns security on (unless
     * {@link #enabled()} is false); without a {@link #keyLocation()}, the keys are found by OpenID Connect
     * Discovery from {@code <issuer>/.well-known/openid-configuration}. Unset = not checked (a warning).
     */
    Optional<String> issuer();

    /** Expected {@code aud} (one of the token's audiences); unset = not checked (a warning at start-up). */
    Optional<String> audience();

    /**
     * Where the verification keys are: a JWKS URL (the identity provider's {@code jwks_uri}), or a file
     * (or classpath resource) holding a PEM public key or a JWK set. Unset: discovered from the issuer.
     */
    Optional<String> keyLocation();

    /**
     * The claim holding the caller's roles, as a dotted path into the token's claims
     * (Keycloak realm roles: {@code realm_access.roles}). Entries: {@code role}, {@code tenant:role},
     * {@code *:role}; see {@link TenantRoles}.
     */
    @WithDefault("roles")
    String rolesClaim();

    /** Whether requests without a token may read the history (temporal API) of the open types. */
    @WithDefault("false")
    boolean anonymousTemporal();
}
