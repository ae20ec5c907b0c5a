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
 * @param subAttributes the expanded sub-attribute IRIs of a dotted attribute path ({@code name.sub.subsub},
 *     clause 4.23.3 EXAMPLE 5); empty for the attribute itself
 * @param member what of the (sub-)attribute is compared: {@code value} (its value), or one of its
 *     {@code observedAt}, {@code createdAt}, {@code modifiedAt} ({@code name.observedAt})
 */
public record SortKey(Field field, String attribute, List<String> valueKeys, boolean descending, List<String> subAttributes,
        String member) {

    /** The temporal members an attribute path may end with (clause 4.23.3 EXAMPLE 5: {@code name.observedAt}). */
    public static final java.util.Set<String> TIME_MEMBERS = java.util.Set.of("observedAt", "createdAt", "modifiedAt");

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
        subAttributes = List.copyOf(subAttributes);
        member = member == null ? "value" : member;
        if ((field == Field.ATTRIBUTE) != (attribute != null)) {
            throw new IllegalArgumentException("attribute is required exactly for ATTRIBUTE keys");
        }
    }

    public static SortKey of(Field field, boolean descending) {
        return new SortKey(field, null, List.of(), descending, List.of(), null);
    }
}
