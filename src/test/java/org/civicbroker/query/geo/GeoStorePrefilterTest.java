package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;

/**
 * The portable pre-filter on the embedded store (mongo-java-server, no geo operators): it returns a
 * superset of the matches, and pre-filter plus {@link GeoMatcher} returns exactly the matches.
 */
class GeoStorePrefilterTest {

    private static final String PATH = "attrs.loc";
    private static MongoServer server;
    private static MongoClient client;
    private static MongoCollection<Document> entities;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        entities = client.getDatabase("geo").getCollection("entities");
        List<Document> docs = new ArrayList<>();
        GeoFixtures.storedJson().forEach((id, json) -> docs.add(new Document("_id", id)
                .append("attrs", new Document("loc", List.of(instance(json))))));
        // An entity without the GeoProperty, and one whose only instance lacks a bbox, never match.
        docs.add(new Document("_id", "no-location").append("attrs", new Document("name", List.of(
                new Document("type", "Property").append("value", "x")))));
        docs.add(new Document("_id", "no-bbox").append("attrs", new Document("loc", List.of(
                new Document("type", "GeoProperty").append("value", Document.parse(
                        "{\"type\":\"Point\",\"coordinates\":[-0.1276,51.5072]}"))))));
        entities.insertMany(docs);
    }

    private static Document instance(JsonNode json) {
        return new Document("type", "GeoProperty")
                .append("value", Document.parse(json.toString()))
                .append("bbox", BoundingBox.of(GeoJson.parse(json)).toDocument());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    static Stream<JsonNode> queries() {
        return StreamSupport.stream(GeoFixtures.load("queries.json").spliterator(), false);
    }

    private static List<Document> candidates(GeoQuery q) {
        Bson filter = q.prefilter().map(box -> GeoFilters.portable(PATH, box)).orElse(new Document());
        return entities.find(filter).into(new ArrayList<>());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("queries")
    void prefilterThenMatcherGivesExactlyTheExpectedEntities(JsonNode c) throws Exception {
        GeoQuery q = GeoFixtures.query(c);
        Set<String> expected = new TreeSet<>(GeoFixtures.expected(c));
        List<Document> candidates = candidates(q);
        Set<String> candidateIds = new TreeSet<>();
        Set<String> matched = new TreeSet<>();
        for (Document d : candidates) {
            candidateIds.add(d.getString("_id"));
            List<Document> instances = d.get("attrs", Document.class).getList("loc", Document.class);
            if (instances == null) {
                continue;
            }
            for (Document instance : instances) {
                Geometry g = GeoJson.parse(GeoFixtures.JSON.readTree(instance.get("value", Document.class).toJson()));
                if (instance.containsKey("bbox") && q.matches(g)) {
                    matched.add(d.getString("_id"));
                }
            }
        }
        assertThat(candidateIds).as("candidates of " + c.get("name").asText()).containsAll(expected);
        assertThat(matched).as(c.get("name").asText()).isEqualTo(expected);
    }

    @Test
    void prefilterPrunesFarAwayEntities() {
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        queries().forEach(c -> byName.put(c.get("name").asText(), c));
        Set<String> within = ids(candidates(GeoFixtures.query(byName.get("within borough box"))));
        assertThat(within).contains("westminster", "park").doesNotContain("paris", "heathrow", "no-location", "no-bbox");
        Set<String> near = ids(candidates(GeoFixtures.query(byName.get("near Westminster within 1 km"))));
        assertThat(near).contains("westminster", "thames").doesNotContain("tower", "heathrow", "paris", "multiline");
        Set<String> disjoint = ids(candidates(GeoFixtures.query(byName.get("disjoint borough box"))));
        assertThat(disjoint).hasSize(GeoFixtures.storedJson().size() + 2);
    }

    private static Set<String> ids(List<Document> docs) {
        Set<String> out = new TreeSet<>();
        docs.forEach(d -> out.add(d.getString("_id")));
        return out;
    }
}
