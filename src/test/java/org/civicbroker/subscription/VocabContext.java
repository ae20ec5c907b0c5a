package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import org.civicbroker.jsonld.LdContext;

/** Test context: 'location' is the core term, everything else the default vocabulary. */
final class VocabContext implements LdContext {

    static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";
    static final VocabContext INSTANCE = new VocabContext();

    @Override
    public String expand(String term) {
        if (term.equals("location")) {
            return "https://uri.etsi.org/ngsi-ld/location";
        }
        return term.contains(":") ? term : NS + term;
    }

    @Override
    public String compact(String iri) {
        return iri.startsWith(NS) ? iri.substring(NS.length()) : iri;
    }

    @Override
    public JsonNode contextValue() {
        return TextNode.valueOf("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
    }

    @Override
    public Optional<String> linkUrl() {
        return Optional.of("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
    }
}
