package org.civicbroker.query.lang;

import java.util.List;
import java.util.Optional;

/**
 * The representation a response uses (clause 4.5: normalized, concise, simplified; clause 4.5.8/4.5.19
 * temporal simplified and aggregated), selected by {@code format} or {@code options}.
 */
public enum Representation {
    NORMALIZED("normalized"),
    CONCISE("concise"),
    /** keyValues and simplified are synonyms (clause 6.3.7). */
    SIMPLIFIED("simplified", "keyValues"),
    TEMPORAL_VALUES("temporalValues"),
    AGGREGATED_VALUES("aggregatedValues");

    private final String[] keywords;

    Representation(String... keywords) {
        this.keywords = keywords;
    }

    /** The accepted values of the {@code format} parameter for this representation. */
    public List<String> keywords() {
        return List.of(keywords);
    }

    public static Optional<Representation> byKeyword(String keyword) {
        for (Representation r : values()) {
            for (String k : r.keywords) {
                if (k.equals(keyword)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
