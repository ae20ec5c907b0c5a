package org.civicbroker.representation;

import java.util.Optional;

/** The entity representations of clause 4.5.1 (normalized, concise) and 4.5.4 (simplified, "keyValues"). */
public enum Format {
    NORMALIZED,
    CONCISE,
    SIMPLIFIED;

    /**
     * The format named by an {@code options} keyword (clause 6.3.7): {@code normalized}, {@code concise},
     * {@code keyValues} or its synonym {@code simplified}. Empty for any other word.
     */
    public static Optional<Format> ofKeyword(String keyword) {
        if (keyword == null) {
            return Optional.empty();
        }
        return switch (keyword) {
            case "normalized" -> Optional.of(NORMALIZED);
            case "concise" -> Optional.of(CONCISE);
            case "keyValues", "simplified" -> Optional.of(SIMPLIFIED);
            default -> Optional.empty();
        };
    }
}
