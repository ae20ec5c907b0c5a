package org.civicbroker.register;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The register's entry of one entity type of a tenant (issue 17 "A data register"): why the data is
 * held, on which legal basis, which decisions it informs and who makes them, who is responsible, what
 * produces it, whether it is personal, how long it is kept and how it is disposed of, whether it is
 * open data, and contextual metadata; optionally the same per attribute.
 *
 * @param type the type as the entry names it; {@code typeIri} its expansion, as entities store it
 * @param source the entry as validated, rendered back as it was given (no server fields)
 */
public record DatasetEntry(String type, String typeIri, PersonalData personalData, Retention retention, boolean open,
        List<AttributeEntry> attributes, ObjectNode source) {

    public DatasetEntry {
        attributes = List.copyOf(attributes);
    }

    public Optional<AttributeEntry> attribute(String iri) {
        return attributes.stream().filter(a -> a.iri().equals(iri)).findFirst();
    }

    /** Whether an attribute must never leave the broker in an open export (personal, or the whole set is). */
    public boolean personal(String attributeIri) {
        return personalData.personal() || attribute(attributeIri).map(a -> a.personalData().personal()).orElse(false);
    }

    public Handling handling(String attributeIri) {
        return attribute(attributeIri).map(AttributeEntry::handling).orElse(Handling.KEEP);
    }
}
