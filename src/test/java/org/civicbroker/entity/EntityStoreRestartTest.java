package org.civicbroker.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EmbeddedStore;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.query.geo.BoundingBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entities written to the embedded store (H2 file backend) survive a restart of the store intact:
 * every attribute type, datasetIds, sub-attributes, timestamps, and field names with '.' and '$'.
 */
class EntityStoreRestartTest {

    private static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String CORE = "https://uri.etsi.org/ngsi-ld/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2024-01-02T03:04:05.678Z");
    private static final Instant MODIFIED = Instant.parse("2024-02-03T04:05:06.789Z");

    @TempDir
    Path dir;

    private final EntityDocuments documents = new EntityDocuments(BoundingBox::documentOf);

    @Test
    void entitiesSurviveARestartOfTheStore() throws Exception {
        Entity vehicle = vehicle("urn:ngsi-ld:Vehicle:restart-1");
        Entity other = new Entity("urn:ngsi-ld:Building:restart-2", List.of(NS + "Building"), List.of(), CREATED, CREATED,
                Map.of(NS + "name", List.of(attr(AttributeType.PROPERTY, "\"Town Hall\"", null))));

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString());
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> entities = entities(client);
            entities.insertOne(documents.toDocument(vehicle));
            entities.insertOne(documents.toDocument(other));
            entities.deleteOne(Filters.eq(EntityDocuments.ID, other.id()));
            entities.insertOne(documents.toDocument(other));
            store.commit();
        }

        try (EmbeddedStore store = EmbeddedStore.start(dir.toString());
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> entities = entities(client);
            assertThat(entities.countDocuments()).isEqualTo(2);
            Entity readBack = documents.toEntity(entities.find(Filters.eq(EntityDocuments.ID, vehicle.id())).first());
            assertThat(readBack).isEqualTo(vehicle);
            assertThat(documents.toEntity(entities.find(Filters.eq(EntityDocuments.ID, other.id())).first())).isEqualTo(other);
        }
    }

    private static MongoCollection<Document> entities(MongoClient client) {
        return client.getDatabase("ngsild_restart").getCollection("entities");
    }

    private static Entity vehicle(String id) throws Exception {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        Map<String, Attribute> subs = new LinkedHashMap<>();
        subs.put(NS + "source", attr(AttributeType.PROPERTY, "\"Speedometer\"", null));
        subs.put(NS + "providedBy", attr(AttributeType.RELATIONSHIP, "\"urn:ngsi-ld:Person:Bob\"", null));
        attrs.put(NS + "speed", List.of(
                new Attribute(AttributeType.PROPERTY, json("55"), null, Instant.parse("2024-05-01T10:00:00.123Z"), "KMH",
                        null, CREATED, MODIFIED, subs),
                attr(AttributeType.PROPERTY, "56.5", "urn:ngsi-ld:Dataset:gps")));
        attrs.put(NS + "isParked", List.of(new Attribute(AttributeType.RELATIONSHIP,
                json("\"urn:ngsi-ld:OffStreetParking:Downtown1\""), null, null, null, NS + "OffStreetParking",
                CREATED, MODIFIED, Map.of())));
        attrs.put(CORE + "location", List.of(attr(AttributeType.GEO_PROPERTY,
                "{\"type\":\"Point\",\"coordinates\":[-0.1276,51.5072]}", null)));
        attrs.put(NS + "street", List.of(attr(AttributeType.LANGUAGE_PROPERTY, "{\"fr\":\"Grand Place\",\"nl\":\"Grote Markt\"}", null)));
        attrs.put(NS + "category", List.of(attr(AttributeType.VOCAB_PROPERTY, "\"" + NS + "non-commercial\"", null)));
        attrs.put(NS + "tyreTreadDepths", List.of(attr(AttributeType.LIST_PROPERTY, "[300,300,120,6]", null)));
        attrs.put(NS + "route", List.of(attr(AttributeType.LIST_RELATIONSHIP,
                "[\"urn:ngsi-ld:City:Antwerp\",\"urn:ngsi-ld:City:Rotterdam\"]", null)));
        attrs.put(NS + "config", List.of(attr(AttributeType.JSON_PROPERTY,
                "{\"type\":\"Config\",\"a.b\":{\"$where\":true},\"mode\":[\"eco\",null]}", null)));
        attrs.put("https://example.org/ext/colour.v2", List.of(attr(AttributeType.PROPERTY, "\"red\"", null)));
        return new Entity(id, List.of(NS + "Vehicle", NS + "Car"), List.of("/London/Camden", "/London/Islington"),
                CREATED, MODIFIED, attrs);
    }

    private static Attribute attr(AttributeType type, String valueJson, String datasetId) throws Exception {
        return new Attribute(type, json(valueJson), datasetId, null, null, null, CREATED, MODIFIED, Map.of());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
