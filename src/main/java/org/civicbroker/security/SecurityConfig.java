package org.civicbroker.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Authentication and authorization settings (docs/security.md). */
@ConfigMapping(prefix = "civic.security")
public interface SecurityConfig {

    /** Off: every request may do everything (the README's first run). On: bearer tokens and roles. */
    @WithDefault("false")
    boolean enabled();

    /** Expected {@code iss} of tokens; unset = not checked (a warning at start-up). */
    Optional<String> issuer();

    /** Expected {@code aud} (one of the token's audiences); unset = not checked (a warning at start-up). */
    Optional<String> audience();

    /**
     * Where the verification keys are: a JWKS URL (the identity provider's {@code jwks_uri}), or a file
     * (or classpath resource) holding a PEM public key or a JWK set. Required when security is on.
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
