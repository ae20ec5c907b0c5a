package org.civicbroker.query.lang;

import java.util.List;
import java.util.Objects;

/**
 * One key of an {@code orderBy} expression (see {@link OrderBy}).
 *
 * @param field what is compared
 * @param attribute the expanded attribute IRI when {@code field} is {@link Field#ATTRIBUTE}, else null
 * @param valueKeys keys into a compound (JSON object) value, {@code attr[a.b]}; empty for the whole value
 * @param descending true for {@code ;desc}
 */
public record SortKey(Field field, String attribute, List<String> valueKeys, boolean descending) {

    /** What a sort key compares. */
    public enum Field {
        ID("_id"), TYPE("type"), CREATED_AT("createdAt"), MODIFIED_AT("modifiedAt"), ATTRIBUTE(null);

        private final String storageField;

        Field(String storageField) {
            this.storageField = storageField;
        }

        /** The top-level storage field, or null for attributes. */
        public String storageField() {
            return storageField;
        }
    }

    public SortKey {
        Objects.requireNonNull(field, "field");
        valueKeys = List.copyOf(valueKeys);
        if ((field == Field.ATTRIBUTE) != (attribute != null)) {
            throw new IllegalArgumentException("attribute is required exactly for ATTRIBUTE keys");
        }
    }

    public static SortKey of(Field field, boolean descending) {
        return new SortKey(field, null, List.of(), descending);
    }
}
