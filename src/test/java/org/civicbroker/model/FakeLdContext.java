package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Optional;
import org.civicbroker.jsonld.LdContext;

/** A tiny context: a few core terms, one SDM term, the {@code sdm:} prefix, and the default-context vocab. */
final class FakeLdContext implements LdContext {

    static final String CORE = "https://uri.etsi.org/ngsi-ld/";
    static final String DEFAULT = CORE + "default-context/";
    static final String SDM = "https://smartdatamodels.org/";
    static final String SDM_ENV = SDM + "dataModel.Environment/";

    private static final Map<String, String> TERMS = Map.ofEntries(
            Map.entry("location", CORE + "location"),
            Map.entry("observationSpace", CORE + "observationSpace"),
            Map.entry("operationSpace", CORE + "operationSpace"),
            Map.entry("createdAt", CORE + "createdAt"),
            Map.entry("modifiedAt", CORE + "modifiedAt"),
            Map.entry("deletedAt", CORE + "deletedAt"),
            Map.entry("scope", CORE + "scope"),
            Map.entry("instanceId", CORE + "instanceId"),
            Map.entry("format", CORE + "format"),
            Map.entry("value", CORE + "hasValue"),
            Map.entry("observedAt", CORE + "observedAt"),
            Map.entry("unitCode", CORE + "unitCode"),
            Map.entry("temperature", SDM_ENV + "temperature"),
            Map.entry("AirQualityObserved", SDM_ENV + "AirQualityObserved"));

    static final FakeLdContext INSTANCE = new FakeLdContext();

    @Override
    public String expand(String term) {
        String known = TERMS.get(term);
        if (known != null) {
            return known;
        }
        if (term.startsWith("sdm:")) {
            return SDM + term.substring(4);
        }
        if (term.contains(":")) {
            return term;
        }
        return DEFAULT + term;
    }

    @Override
    public String compact(String iri) {
        return iri;
    }

    @Override
    public JsonNode contextValue() {
        return TextNode.valueOf("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
    }

    @Override
    public Optional<String> linkUrl() {
        return Optional.empty();
    }
}
