package org.civicbroker.representation;

import static org.civicbroker.representation.FakeContext.CORE;
import static org.civicbroker.representation.FakeContext.DEFAULT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;

/** The entities the renderer tests render; their expected outputs are the fixture files. */
final class TestEntities {

    static final Instant CREATED = Instant.parse("2024-01-02T03:04:05.678Z");
    static final Instant MODIFIED = Instant.parse("2024-02-03T04:05:06Z");
    static final Instant OBSERVED = Instant.parse("2024-05-01T10:00:00.123456Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEntities() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String d(String term) {
        return DEFAULT + term;
    }

    static Attribute attr(AttributeType type, String valueJson) {
        return Attribute.of(type, json(valueJson));
    }

    static Attribute full(AttributeType type, String valueJson, String datasetId, Instant observedAt,
            String unitCode, String objectType, Map<String, Attribute> subs) {
        return new Attribute(type, json(valueJson), datasetId, observedAt, unitCode, objectType,
                CREATED, MODIFIED, subs);
    }

    static Entity entity(String id, List<String> types, List<String> scopes, Map<String, List<Attribute>> attrs) {
        return new Entity(id, types, scopes, CREATED, MODIFIED, attrs);
    }

    /** One attribute of every type, with metadata, sub-attributes and values that stress concise. */
    static Entity allTypes() {
        Map<String, Attribute> speedSubs = new LinkedHashMap<>();
        speedSubs.put(d("source"), attr(AttributeType.PROPERTY, "\"Speedometer\""));
        speedSubs.put(d("providedBy"), attr(AttributeType.RELATIONSHIP, "\"urn:ngsi-ld:Person:Bob\""));
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("brandName"), List.of(attr(AttributeType.PROPERTY, "\"Mercedes\"").withTimestamps(CREATED, MODIFIED)));
        a.put(d("speed"), List.of(full(AttributeType.PROPERTY, "55", null, OBSERVED, "KMH", null, speedSubs)));
        a.put(d("isParked"), List.of(full(AttributeType.RELATIONSHIP, "\"urn:ngsi-ld:OffStreetParking:Downtown1\"",
                null, OBSERVED, null, d("OffStreetParking"), Map.of())));
        a.put(CORE + "location", List.of(attr(AttributeType.GEO_PROPERTY,
                "{\"type\":\"Point\",\"coordinates\":[-0.1276,51.5072]}")));
        a.put(d("street"), List.of(attr(AttributeType.LANGUAGE_PROPERTY,
                "{\"fr\":\"Grand Place\",\"nl\":\"Grote Markt\"}")));
        a.put(d("category"), List.of(attr(AttributeType.VOCAB_PROPERTY, "\"" + d("non-commercial") + "\"")));
        a.put(d("fuelTypes"), List.of(attr(AttributeType.VOCAB_PROPERTY,
                "[\"" + d("diesel") + "\",\"http://example.org/vocab/hydrogen\"]")));
        a.put(d("tyreTreadDepths"), List.of(full(AttributeType.LIST_PROPERTY, "[300,300,120,6]", null, null,
                "MMT", null, Map.of())));
        a.put(d("route"), List.of(full(AttributeType.LIST_RELATIONSHIP,
                "[\"urn:ngsi-ld:City:Antwerp\",\"urn:ngsi-ld:City:Rotterdam\"]", null, null, null, d("City"), Map.of())));
        a.put(d("config"), List.of(attr(AttributeType.JSON_PROPERTY, "{\"type\":\"Config\",\"mode\":[\"eco\",null]}")));
        a.put(d("registeredOn"), List.of(attr(AttributeType.PROPERTY,
                "{\"@type\":\"DateTime\",\"@value\":\"2020-01-01T00:00:00Z\"}")));
        a.put(d("dimensions"), List.of(attr(AttributeType.PROPERTY, "{\"length\":4.5,\"width\":1.8}")));
        a.put(d("tags"), List.of(attr(AttributeType.PROPERTY, "[\"a\",\"b\"]")));
        a.put("https://example.org/ext/colour", List.of(attr(AttributeType.PROPERTY, "\"red\"")));
        return entity("urn:ngsi-ld:Vehicle:A4567", List.of(d("Vehicle")), List.of("/London/Camden"), a);
    }

    /** Timestamps on the entity, an attribute and its sub-attribute. */
    static Entity withTimestamps() {
        Map<String, Attribute> subs = Map.of(d("accuracy"),
                new Attribute(AttributeType.PROPERTY, json("0.5"), null, null, null, null, CREATED, MODIFIED, Map.of()));
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("temperature"), List.of(full(AttributeType.PROPERTY, "21.5", null, null, null, null, subs)));
        a.put(d("status"), List.of(full(AttributeType.PROPERTY, "\"ok\"", null, null, null, null, Map.of())));
        return entity("urn:ngsi-ld:Sensor:1", List.of(d("Sensor")), List.of(), a);
    }

    /** speed from two sources (default instance and a dataset), owner with a single non-default instance. */
    static Entity multiInstance() {
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("speed"), List.of(
                new Attribute(AttributeType.PROPERTY, json("55"), null, OBSERVED, null, null, null, null,
                        Map.of(d("source"), attr(AttributeType.PROPERTY, "\"Speedometer\""))),
                new Attribute(AttributeType.PROPERTY, json("56"), "urn:ngsi-ld:Dataset:gps", null, null, null,
                        null, null, Map.of())));
        a.put(d("street"), List.of(
                attr(AttributeType.LANGUAGE_PROPERTY, "{\"en\":\"High Street\",\"cy\":\"Stryd Fawr\"}"),
                new Attribute(AttributeType.LANGUAGE_PROPERTY, json("{\"en\":\"Main Road\"}"), "urn:ngsi-ld:Dataset:osm",
                        null, null, null, null, null, Map.of())));
        a.put(d("owner"), List.of(new Attribute(AttributeType.RELATIONSHIP, json("\"urn:ngsi-ld:Person:Alice\""),
                "urn:ngsi-ld:Dataset:dvla", null, null, null, null, null, Map.of())));
        return entity("urn:ngsi-ld:Vehicle:B1", List.of(d("Vehicle")), List.of(), a);
    }

    /** LanguageProperties with and without an @none entry. */
    static Entity languages() {
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("street"), List.of(new Attribute(AttributeType.LANGUAGE_PROPERTY,
                json("{\"fr\":\"Grand Place\",\"nl\":\"Grote Markt\",\"@none\":\"Main Square\"}"),
                null, OBSERVED, null, null, null, null, Map.of())));
        a.put(d("name"), List.of(attr(AttributeType.LANGUAGE_PROPERTY,
                "{\"de\":\"Rathaus\",\"en-GB\":\"Town Hall\"}")));
        a.put(d("height"), List.of(attr(AttributeType.PROPERTY, "40")));
        return entity("urn:ngsi-ld:Building:TownHall", List.of(d("Building")), List.of(), a);
    }

    /** A park with its location and a second GeoProperty. */
    static Entity park() {
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("name"), List.of(attr(AttributeType.PROPERTY, "\"Regent's Park\"")));
        a.put(CORE + "location", List.of(attr(AttributeType.GEO_PROPERTY,
                "{\"type\":\"Polygon\",\"coordinates\":[[[-0.16,51.52],[-0.14,51.52],[-0.14,51.53],[-0.16,51.52]]]}")));
        a.put(d("entrance"), List.of(new Attribute(AttributeType.GEO_PROPERTY,
                json("{\"type\":\"Point\",\"coordinates\":[-0.1466,51.5232]}"), null, OBSERVED, null, null,
                null, null, Map.of())));
        return entity("urn:ngsi-ld:Park:Regents", List.of(d("Park")), List.of(), a);
    }

    /** An entity without any GeoProperty. */
    static Entity bench() {
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        a.put(d("material"), List.of(attr(AttributeType.PROPERTY, "\"oak\"")));
        return entity("urn:ngsi-ld:Bench:7", List.of(d("Bench")), List.of(), a);
    }
}
