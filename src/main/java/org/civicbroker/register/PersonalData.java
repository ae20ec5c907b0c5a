package org.civicbroker.register;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a dataset or attribute is personal data (UK GDPR art. 4(1)) or special category data (art. 9):
 * what the London IoT Declaration's first principle asks a borough to say about what it holds.
 */
public enum PersonalData {
    NONE("none"), PERSONAL("personal"), SPECIAL_CATEGORY("special");

    private final String label;

    PersonalData(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean personal() {
        return this != NONE;
    }

    static Optional<PersonalData> of(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
    }
}
