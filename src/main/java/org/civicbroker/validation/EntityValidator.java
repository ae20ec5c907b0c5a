package org.civicbroker.validation;

import jakarta.enterprise.context.ApplicationScoped;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;

/**
 * Checks an entity as it will be stored, on every write path (create, replace, append, update, merge,
 * batch operations, temporal create). Throws {@link org.civicbroker.common.error.NgsiException}
 * (400 BadRequestData) to refuse the write; nothing is stored then.
 */
@ApplicationScoped
public class EntityValidator {

    /** Validates {@code after}, the complete entity that the write would store. */
    public void validate(Tenant tenant, Entity after) {
        // Smart Data Models validation plugs in here (issue 7)
    }
}
