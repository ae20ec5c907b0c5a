package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.List;
import org.civicbroker.tenancy.Tenant;
import org.junit.jupiter.api.Test;

class TenantRolesTest {

    static final Tenant CAMDEN = new Tenant("camden");
    static final Tenant HACKNEY = new Tenant("hackney");

    @Test
    void aPlainRoleIsARoleInTheDefaultTenantOnly() {
        TenantRoles r = TenantRoles.of(List.of("reader"));
        assertThat(r.in(Tenant.DEFAULT)).isEqualTo(Role.READER);
        assertThat(r.in(CAMDEN)).isNull();
    }

    @Test
    void tenantRolesAreSeparateAndTheHighestWins() {
        TenantRoles r = TenantRoles.of(List.of("camden:reader", "camden:writer", "hackney:reader", "offline_access",
                "default-roles-london", "camden:superuser"));
        assertThat(r.in(CAMDEN)).isEqualTo(Role.WRITER);
        assertThat(r.in(HACKNEY)).isEqualTo(Role.READER);
        assertThat(r.in(Tenant.DEFAULT)).isNull();
    }

    @Test
    void aWildcardRoleHoldsInEveryTenantAndCombinesWithSpecificOnes() {
        TenantRoles r = TenantRoles.of(List.of("*:reader", "camden:ADMIN"));
        assertThat(r.in(HACKNEY)).isEqualTo(Role.READER);
        assertThat(r.in(Tenant.DEFAULT)).isEqualTo(Role.READER);
        assertThat(r.in(CAMDEN)).isEqualTo(Role.ADMIN);
    }

    @Test
    void rolesAreCumulative() {
        assertThat(Role.ADMIN.allows(Role.WRITER)).isTrue();
        assertThat(Role.WRITER.allows(Role.READER)).isTrue();
        assertThat(Role.READER.allows(Role.WRITER)).isFalse();
        assertThat(Role.WRITER.allows(Role.ADMIN)).isFalse();
    }

    @Test
    void theClaimPathReadsNestedObjectsArraysAndScopeStrings() {
        var claim = Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("camden:writer").add(3)).build();
        assertThat(ClaimPath.entries("realm_access.roles", claim)).containsExactly("camden:writer");
        assertThat(ClaimPath.entries("scope", Json.createValue("openid camden:reader,hackney:writer")))
                .containsExactly("openid", "camden:reader", "hackney:writer");
        assertThat(ClaimPath.entries("roles", List.of("reader"))).containsExactly("reader");
        assertThat(ClaimPath.entries("a.b.c", claim)).isEmpty();
        assertThat(ClaimPath.entries("roles", null)).isEmpty();
        assertThat(ClaimPath.first("resource_access.civic.roles")).isEqualTo("resource_access");
    }
}
