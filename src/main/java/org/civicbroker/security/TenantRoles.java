package org.civicbroker.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.civicbroker.tenancy.Tenant;

/**
 * The roles a token grants, per tenant, read from the entries of its roles claim:
 * {@code <role>} is a role in the default tenant (the one addressed without an {@code NGSILD-Tenant}
 * header), {@code <tenant>:<role>} a role in that tenant and {@code *:<role>} a role in every tenant.
 * Roles are {@code reader}, {@code writer} and {@code admin}; other entries (an identity provider adds
 * its own, e.g. Keycloak's {@code offline_access}) are ignored. Pure code.
 */
public record TenantRoles(Map<String, Role> byTenant, Role everywhere) {

    /** The key of the default tenant in {@link #byTenant}; a header-named tenant cannot contain '@'. */
    static final String DEFAULT_TENANT = "@default";
    public static final TenantRoles NONE = new TenantRoles(Map.of(), null);

    public TenantRoles {
        byTenant = Map.copyOf(byTenant);
    }

    public static TenantRoles of(Collection<String> entries) {
        Map<String, Role> byTenant = new HashMap<>();
        Role everywhere = null;
        for (String raw : entries) {
            String entry = raw.trim();
            int colon = entry.lastIndexOf(':');
            String tenant = colon < 0 ? DEFAULT_TENANT : entry.substring(0, colon);
            Role role = Role.named(entry.substring(colon + 1)).orElse(null);
            if (role == null || tenant.isEmpty()) {
                continue;
            }
            if (tenant.equals("*")) {
                everywhere = Role.higher(everywhere, role);
            } else {
                byTenant.merge(tenant, role, Role::higher);
            }
        }
        return new TenantRoles(byTenant, everywhere);
    }

    /** The caller's role in the tenant, or null when it has none there. */
    public Role in(Tenant tenant) {
        return Role.higher(byTenant.get(key(tenant)), everywhere);
    }

    static String key(Tenant tenant) {
        return tenant.isDefault() ? DEFAULT_TENANT : tenant.name();
    }
}
