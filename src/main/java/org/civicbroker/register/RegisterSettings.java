package org.civicbroker.register;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The register's settings (README's configuration table; docs/privacy.md). */
@ApplicationScoped
public class RegisterSettings {

    private final Set<String> refuseUndeclared;
    private final Pseudonymiser pseudonymiser;

    public RegisterSettings(
            @ConfigProperty(name = "civic.register.refuse-undeclared") Optional<String> refuseUndeclared,
            @ConfigProperty(name = "civic.register.pseudonym-key") Optional<String> pseudonymKey) {
        this.refuseUndeclared = Arrays.stream(refuseUndeclared.orElse("").split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).collect(Collectors.toSet());
        this.pseudonymiser = new Pseudonymiser(pseudonymKey.orElse(null));
    }

    /**
     * Whether a write of an entity of a type the tenant's register does not declare is refused: the
     * setting lists tenant names, or {@code *} for every tenant (the default tenant included).
     */
    public boolean refuseUndeclared(Tenant tenant) {
        return refuseUndeclared.contains("*") || (!tenant.isDefault() && refuseUndeclared.contains(tenant.name()));
    }

    public Pseudonymiser pseudonymiser() {
        return pseudonymiser;
    }
}
