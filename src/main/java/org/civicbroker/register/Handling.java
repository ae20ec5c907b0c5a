package org.civicbroker.register;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the broker does on write with an attribute classified personal: keep it as written, keep it out
 * of the temporal history (the current state still holds it), or replace its value by a keyed hash
 * (HMAC-SHA256 with {@code civic.register.pseudonym-key}) in the current state and the history alike.
 */
public enum Handling {
    KEEP("keep"), KEEP_OUT_OF_HISTORY("keepOutOfHistory"), PSEUDONYMISE("pseudonymise");

    private final String label;

    Handling(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Optional<Handling> of(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
    }
}
