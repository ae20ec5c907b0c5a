package org.civicbroker.model;

import java.util.Optional;

/**
 * The NGSI-LD attribute types (clause 4.5) and the member that carries each one's value in the
 * normalized representation. Internally every type keeps its content in {@link Attribute#value()}.
 */
public enum AttributeType {
    PROPERTY("Property", "value"),
    RELATIONSHIP("Relationship", "object"),
    GEO_PROPERTY("GeoProperty", "value"),
    LANGUAGE_PROPERTY("LanguageProperty", "languageMap"),
    VOCAB_PROPERTY("VocabProperty", "vocab"),
    LIST_PROPERTY("ListProperty", "valueList"),
    LIST_RELATIONSHIP("ListRelationship", "objectList"),
    JSON_PROPERTY("JsonProperty", "json");

    public static final String NGSI_LD = "https://uri.etsi.org/ngsi-ld/";

    private final String term;
    private final String valueMember;

    AttributeType(String term, String valueMember) {
        this.term = term;
        this.valueMember = valueMember;
    }

    /** The compact term, e.g. {@code Property}. */
    public String term() {
        return term;
    }

    /** The expanded IRI, e.g. {@code https://uri.etsi.org/ngsi-ld/Property}. */
    public String iri() {
        return NGSI_LD + term;
    }

    /** The normalized member that holds the value: value, object, languageMap, vocab, ... */
    public String valueMember() {
        return valueMember;
    }

    public boolean isRelationship() {
        return this == RELATIONSHIP || this == LIST_RELATIONSHIP;
    }

    /** Accepts the compact term or the expanded IRI. */
    public static Optional<AttributeType> of(String termOrIri) {
        if (termOrIri == null) {
            return Optional.empty();
        }
        String t = termOrIri.startsWith(NGSI_LD) ? termOrIri.substring(NGSI_LD.length()) : termOrIri;
        for (AttributeType type : values()) {
            if (type.term.equals(t)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type whose value member is {@code member}, preferring Property for "value". */
    public static Optional<AttributeType> byValueMember(String member) {
        for (AttributeType type : values()) {
            if (type.valueMember.equals(member)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
