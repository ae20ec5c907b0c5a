package org.civicbroker.events;

import java.time.Instant;
import org.civicbroker.model.Entity;

/**
 * One change to one entity, with its state before and after: what the temporal history and the
 * subscription matcher consume. {@code before} is null on creation, {@code after} null on deletion.
 *
 * @param tenant tenant name, null for the default tenant
 */
public record EntityChange(String tenant, Operation operation, String entityId, Entity before, Entity after, Instant at) {

    /** The API operation that made the change (clause 5.6 / 5.7). */
    public enum Operation {
        CREATE, REPLACE, MERGE, APPEND, UPDATE, PARTIAL_UPDATE, REPLACE_ATTRIBUTE, DELETE_ATTRIBUTE, DELETE,
        /**
         * The temporal API (clauses 5.6.11, 5.6.12) brought the entity up to its latest instances; the
         * temporal history already holds those instances, so the recorder adds none for this change.
         */
        TEMPORAL
    }
}
