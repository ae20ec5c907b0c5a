package org.civicbroker.validation;

import java.util.Objects;

/**
 * One schema failure: where in the key-values form of the entity (RFC 6901 JSON pointer; "" is the
 * entity itself) and why, in the schema validator's words.
 */
public record Violation(String pointer, String message) {

    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
