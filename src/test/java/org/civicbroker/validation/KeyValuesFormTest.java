package org.civicbroker.validation;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;

class KeyValuesFormTest {

    static final ObjectMapper M = new ObjectMapper();
    static final String SDM = "https://smartdatamodels.org/";

    /** Compacts the SDM vocabulary and the core terms; leaves other IRIs as they are. */
    static final LdContext MODEL = new LdContext() {
        public String expand(String term) {
            return SDM + term;
        }

        public String compact(String iri) {
            if (iri.startsWith(SDM)) {
                return iri.substring(SDM.length());
            }
            return iri.equals("https://uri.etsi.org/ngsi-ld/location") ? "location" : iri;
        }

        public JsonNode contextValue() {
            return null;
        }

        public Optional<String> linkUrl() {
            return Optional.empty();
        }
    };

    static JsonNode j(String json) {
        try {
            return M.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Attribute attr(AttributeType t, String json, String datasetId) {
        return new Attribute(t, j(json), datasetId, null, "CEL", null, null, null,
                Map.of(SDM + "accuracy", Attribute.of(AttributeType.PROPERTY, j("0.5"))));
    }

    @Test
    void eachAttributeBecomesItsContentUnderItsCompactName() {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        attrs.put(SDM + "temperature", List.of(attr(AttributeType.PROPERTY, "3.3", null)));
        attrs.put(SDM + "dateObserved", List.of(attr(AttributeType.PROPERTY, "{\"@type\":\"DateTime\",\"@value\":\"2016-11-30T07:00:00Z\"}", null)));
        attrs.put(SDM + "readings", List.of(attr(AttributeType.LIST_PROPERTY, "[{\"@type\":\"DateTime\",\"@value\":\"2020-01-01T00:00:00Z\"}, 4]", null)));
        attrs.put(SDM + "address", List.of(attr(AttributeType.PROPERTY, "{\"streetAddress\":\"1 High St\"}", null)));
        attrs.put(SDM + "refDevice", List.of(attr(AttributeType.RELATIONSHIP, "\"urn:ngsi-ld:Device:1\"", null)));
        attrs.put(SDM + "name", List.of(attr(AttributeType.LANGUAGE_PROPERTY, "{\"en\":\"Bridge\",\"cy\":\"Pont\"}", null)));
        attrs.put(SDM + "category", List.of(attr(AttributeType.VOCAB_PROPERTY, "[\"" + SDM + "onStreet\"]", null)));
        attrs.put("https://uri.etsi.org/ngsi-ld/location", List.of(attr(AttributeType.GEO_PROPERTY, "{\"type\":\"Point\",\"coordinates\":[1,2]}", null)));
        attrs.put("https://other.example/x", List.of(attr(AttributeType.JSON_PROPERTY, "{\"a\":[1]}", null)));
        Entity e = new Entity("urn:ngsi-ld:WeatherObserved:1", List.of(SDM + "WeatherObserved"), List.of(), null, null, attrs);
        assertThatJson(KeyValuesForm.of(e, "WeatherObserved", MODEL).toString()).isEqualTo("""
                {"id":"urn:ngsi-ld:WeatherObserved:1","type":"WeatherObserved","temperature":3.3,
                 "dateObserved":"2016-11-30T07:00:00Z","readings":["2020-01-01T00:00:00Z",4],
                 "address":{"streetAddress":"1 High St"},"refDevice":"urn:ngsi-ld:Device:1",
                 "name":{"en":"Bridge","cy":"Pont"},"category":["onStreet"],
                 "location":{"type":"Point","coordinates":[1,2]},"https://other.example/x":{"a":[1]}}""");
    }

    @Test
    void theDefaultInstanceStandsForAMultiAttributeElseTheFirstOne() {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        attrs.put(SDM + "temperature", List.of(attr(AttributeType.PROPERTY, "\"by-sensor-a\"", "urn:ds:a"),
                attr(AttributeType.PROPERTY, "1", null)));
        attrs.put(SDM + "humidity", List.of(attr(AttributeType.PROPERTY, "2", "urn:ds:a"), attr(AttributeType.PROPERTY, "3", "urn:ds:b")));
        Entity e = new Entity("urn:x:1", List.of(SDM + "T"), List.of(), null, null, attrs);
        assertThatJson(KeyValuesForm.of(e, "T", MODEL).toString())
                .isEqualTo("{\"id\":\"urn:x:1\",\"type\":\"T\",\"temperature\":1,\"humidity\":2}");
    }
}
