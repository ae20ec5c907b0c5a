package org.civicbroker.temporal;

import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.EntityParser;

/** Attribute names of request paths, validated and expanded as in the entity API. */
final class TemporalPayloadNames {

    private static final EntityParser PARSER = new EntityParser(null);

    private TemporalPayloadNames() {
    }

    static String iri(String name, LdContext ctx) {
        return PARSER.attributeIri(name, ctx);
    }
}
