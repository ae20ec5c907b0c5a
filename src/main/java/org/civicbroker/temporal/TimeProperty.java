package org.civicbroker.temporal;

import java.time.Instant;
import java.util.Locale;
import org.civicbroker.common.error.NgsiException;

/** The {@code timeproperty} of a temporal query (clause 5.2.21 TemporalQuery; default observedAt, clause 4.8). */
public enum TimeProperty {
    OBSERVED_AT("observedAt"), CREATED_AT("createdAt"), MODIFIED_AT("modifiedAt"), DELETED_AT("deletedAt");

    private final String term;

    TimeProperty(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    /** The instance's value of this time property, or null when it has none. */
    public Instant of(TemporalInstance i) {
        return switch (this) {
            case OBSERVED_AT -> i.attribute().observedAt();
            case CREATED_AT -> i.attribute().createdAt();
            case MODIFIED_AT -> i.attribute().modifiedAt();
            case DELETED_AT -> i.deletedAt();
        };
    }

    public static TimeProperty parse(String text) {
        if (text == null) {
            return OBSERVED_AT;
        }
        for (TimeProperty p : values()) {
            if (p.term.equals(text)) {
                return p;
            }
        }
        throw NgsiException.badData("timeproperty must be observedAt, createdAt, modifiedAt or deletedAt, not '"
                + (text.length() > 40 ? text.substring(0, 40).toLowerCase(Locale.ROOT) + "..." : text) + "'");
    }
}
