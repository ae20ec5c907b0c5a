package org.civicbroker.validation;

import java.util.Locale;

/** What a failing schema check does to a write. */
public enum ValidationMode {
    /** No check. */
    OFF,
    /** Store the entity; report the failures in the NGSILD-Warning header and a metric. */
    WARN,
    /** Refuse the write with 400 BadRequestData; nothing is stored. */
    ENFORCE;

    public static ValidationMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown validation mode '" + text + "': use off, warn or enforce", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
