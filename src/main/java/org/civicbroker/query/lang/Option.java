package org.civicbroker.query.lang;

import java.util.Optional;

/** The keywords of the {@code options} parameter (GS CIM 009 clause 6.3, OpenAPI {@code options.*}). */
public enum Option {
    /** Clause 6.3.7 representation keywords. */
    NORMALIZED("normalized"),
    CONCISE("concise"),
    KEY_VALUES("keyValues"),
    /** Synonym of keyValues (clause 6.3.7). */
    SIMPLIFIED("simplified"),
    /** Clause 6.3.11: include createdAt/modifiedAt (and deletedAt in temporal representations). */
    SYS_ATTRS("sysAttrs"),
    /** Clause 6.16.3: append/batch update without overwriting existing attributes. */
    NO_OVERWRITE("noOverwrite"),
    /** Clause 6.15.3 upsert modes. */
    REPLACE("replace"),
    UPDATE("update"),
    /** Clause 6.3.12 temporal representations. */
    TEMPORAL_VALUES("temporalValues"),
    AGGREGATED_VALUES("aggregatedValues");

    private final String keyword;

    Option(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in the URL (case-sensitive). */
    public String keyword() {
        return keyword;
    }

    public static Optional<Option> byKeyword(String keyword) {
        for (Option o : values()) {
            if (o.keyword.equals(keyword)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
