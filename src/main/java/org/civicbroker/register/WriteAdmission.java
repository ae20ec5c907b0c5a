package org.civicbroker.register;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.validation.EntityValidator;

/**
 * The one place every entity write passes before it is stored (create, replace, append, update,
 * merge, batch operations, temporal create/append): types the tenant's register does not declare are
 * counted and, where the setting says so, refused (400, nothing stored); pseudonymised attributes are
 * hashed; then the entity is validated against its Smart Data Models schema ({@link EntityValidator}).
 */
@ApplicationScoped
public class WriteAdmission {

    private final DataRegister register;
    private final RegisterSettings settings;
    private final HistoryPolicy policy;
    private final EntityValidator validator;

    public WriteAdmission(DataRegister register, RegisterSettings settings, HistoryPolicy policy, EntityValidator validator) {
        this.register = register;
        this.settings = settings;
        this.policy = policy;
        this.validator = validator;
    }

    /** The entity to store in place of {@code after}; throws (400) to refuse the write. */
    public Entity admit(Tenant tenant, Entity after) {
        Map<String, Versioned> declared = register.current(tenant);
        List<String> undeclared = after.types().stream().filter(t -> !declared.containsKey(t)).toList();
        if (!undeclared.isEmpty()) {
            if (settings.refuseUndeclared(tenant)) {
                throw NgsiException.badData("Entity " + after.id() + ": type " + String.join(", ", undeclared)
                        + " is not declared in the tenant's data register, and this tenant refuses undeclared types "
                        + "(civic.register.refuse-undeclared)");
            }
            undeclared.forEach(t -> register.countUndeclared(tenant, t));
        }
        Entity stored = policy.onWrite(tenant, after);
        validator.validate(tenant, stored);
        return stored;
    }
}
