package org.civicbroker.security;

/** The class of an operation, which decides who may perform it (docs/security.md, "Roles"). */
public enum Access {
    /** Anyone, token or not, with no narrowing: version, hosted @contexts, the open-type listing. */
    PUBLIC(null),
    /** Entity reads (retrieve, query, discovery): a reader; without a token, narrowed to the open types. */
    DATA_READ(Role.READER),
    /** Temporal reads: a reader; without a token only when the operator allows it, narrowed as above. */
    TEMPORAL_READ(Role.READER),
    /** Other reads (subscriptions, the @context list, validation): a reader, never anonymous. */
    READ(Role.READER),
    /** Entity, batch and temporal writes, subscription management. */
    WRITE(Role.WRITER),
    /** @context management, purge, tenant-wide deletes, admin endpoints. */
    ADMIN(Role.ADMIN);

    private final Role needs;

    Access(Role needs) {
        this.needs = needs;
    }

    /** The least role that may perform the operation; null for {@link #PUBLIC}. */
    public Role needs() {
        return needs;
    }
}
