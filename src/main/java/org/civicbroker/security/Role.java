package org.civicbroker.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do in one tenant (docs/security.md). The roles are cumulative: a writer may read,
 * an admin may write and read, which is what an operator granting "writer" to a supplier expects.
 */
public enum Role {
    /** GET, queries, discovery, temporal reads, reading subscriptions. */
    READER,
    /** Entity, batch and temporal writes; creating, changing and deleting subscriptions. */
    WRITER,
    /** @context management, purge and other tenant-wide deletes, open-type settings, admin endpoints. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role a claim value names ({@code reader}, {@code writer}, {@code admin}, any case), if any. */
    public static Optional<Role> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "reader" -> Optional.of(READER);
            case "writer" -> Optional.of(WRITER);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    public static Role higher(Role a, Role b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
