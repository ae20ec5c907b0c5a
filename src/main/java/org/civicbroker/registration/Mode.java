package org.civicbroker.registration;

/** The mode of a context source registration (clause 4.3.6; default inclusive, clause 5.2.9). */
public enum Mode {
    INCLUSIVE("inclusive"), EXCLUSIVE("exclusive"), REDIRECT("redirect"), AUXILIARY("auxiliary");

    public final String keyword;

    Mode(String keyword) {
        this.keyword = keyword;
    }

    public static Mode of(String keyword) {
        for (Mode m : values()) {
            if (m.keyword.equals(keyword)) {
                return m;
            }
        }
        return null;
    }

    /** Proxied modes (clause 4.3.6.3): the broker holds no data of its own for what they register. */
    public boolean proxied() {
        return this == EXCLUSIVE || this == REDIRECT;
    }
}
