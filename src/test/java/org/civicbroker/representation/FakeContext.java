package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;
import org.civicbroker.jsonld.LdContext;

/** A context that compacts by stripping the default-context and NGSI-LD prefixes, and keeps other IRIs. */
final class FakeContext implements LdContext {

    static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    static final String CORE = "https://uri.etsi.org/ngsi-ld/";
    static final String CORE_URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    static final String USER_URL = "https://example.org/context.jsonld";

    @Override
    public String expand(String term) {
        return term.contains(":") ? term : DEFAULT + term;
    }

    @Override
    public String compact(String iri) {
        if (iri.startsWith(DEFAULT)) {
            return iri.substring(DEFAULT.length());
        }
        if (iri.startsWith(CORE)) {
            return iri.substring(CORE.length());
        }
        return iri;
    }

    @Override
    public JsonNode contextValue() {
        return JsonNodeFactory.instance.arrayNode().add(USER_URL).add(CORE_URL);
    }

    @Override
    public Optional<String> linkUrl() {
        return Optional.empty();
    }
}
