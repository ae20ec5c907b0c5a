package org.civicbroker.register;

/**
 * The register's entry of one attribute of a dataset.
 *
 * @param name the attribute as the entry names it (a term of the request's @context, or an IRI)
 * @param iri the expanded attribute IRI, as the broker stores it
 * @param metadata contextual metadata (accuracy, update frequency, quality notes); null when not given
 */
public record AttributeEntry(String name, String iri, String description, PersonalData personalData, Handling handling,
        Metadata metadata) {
}
