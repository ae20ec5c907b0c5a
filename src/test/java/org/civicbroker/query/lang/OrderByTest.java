package org.civicbroker.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bson.Document;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderByTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Test storage encoding: the attribute's short name (the last IRI segment). */
    private static final Function<String, String> STORAGE = iri -> "attrs." + iri.substring(iri.lastIndexOf('/') + 1);

    private static final List<Entity> ENTITIES = List.of(
            entity("urn:o1", List.of("Building"), "2024-01-03T00:00:00Z", Map.of("name", "\"b\"", "n", "3", "addr", "{\"street\":\"x\"}")),
            entity("urn:o2", List.of("Museum", "Building"), "2024-01-01T00:00:00Z", Map.of("name", "\"a\"", "n", "10", "addr", "{\"street\":\"z\"}")),
            entity("urn:o3", List.of("Park"), "2024-01-02T00:00:00Z", Map.of("name", "\"c\"", "n", "[3, 0.5]", "addr", "{\"street\":\"y\"}")),
            entity("urn:o4", List.of("Café"), "2024-01-05T00:00:00Z", Map.of("name", "\"a\"", "n", "1.5", "addr", "{\"street\":\"x\"}")),
            entity("urn:o0", List.of("Zoo"), "2024-01-04T00:00:00Z", Map.of("name", "\"B\"", "n", "3", "addr", "{\"street\":\"é\"}")));

    private static MongoServer server;
    private static MongoClient client;
    private static MongoCollection<Document> collection;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        collection = client.getDatabase("lang").getCollection("ordering");
        ENTITIES.forEach(e -> collection.insertOne(toDocument(e)));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    /** Each "n" array element is stored as a separate attribute instance (multi-instance attribute). */
    private static Entity entity(String id, List<String> types, String created, Map<String, String> attrs) {
        Map<String, List<Attribute>> map = new LinkedHashMap<>();
        attrs.forEach((name, json) -> {
            JsonNode v = read(json);
            List<Attribute> instances = new ArrayList<>();
            if (v.isArray()) {
                int i = 0;
                for (JsonNode item : v) {
                    instances.add(new Attribute(AttributeType.PROPERTY, item, i++ == 0 ? null : "urn:ds" + i,
                            null, null, null, null, null, Map.of()));
                }
            } else {
                instances.add(Attribute.of(AttributeType.PROPERTY, v));
            }
            map.put(MongoFixture.EXPANDER.apply(name), instances);
        });
        Instant t = Instant.parse(created);
        return new Entity(id, types, List.of(), t, t.plusSeconds(id.hashCode() % 1000), map);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Document toDocument(Entity e) {
        Document attrs = new Document();
        e.attributes().forEach((iri, instances) -> attrs.append(iri.substring(iri.lastIndexOf('/') + 1),
                instances.stream().map(a -> new Document("type", "Property")
                        .append("value", Document.parse("{\"v\":" + a.value() + "}").get("v"))).toList()));
        return new Document("_id", e.id()).append("type", e.types())
                .append("createdAt", Date.from(e.createdAt())).append("modifiedAt", Date.from(e.modifiedAt()))
                .append("attrs", attrs);
    }

    static Stream<Arguments> valid() {
        return Tsv.cases("orderby-valid.tsv", 2);
    }

    static Stream<Arguments> malformed() {
        return Tsv.cases("orderby-malformed.tsv", 2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void sortDocument(String input, String expected) {
        Document sort = (Document) OrderBy.parse(input, MongoFixture.EXPANDER).toBson(STORAGE);
        assertThat(sort.toJson()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedIsInvalidRequestNamingThePosition(String input, String position) {
        assertThatThrownBy(() -> OrderBy.parse(input, MongoFixture.EXPANDER))
                .isInstanceOfSatisfying(NgsiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
                    if (!position.isEmpty()) {
                        assertThat(e.getMessage()).contains("position " + position + ":");
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "id;desc", "type", "type;desc", "createdAt", "createdAt;desc", "modifiedAt;desc",
        "name", "name;desc", "name,n;desc", "n", "n;desc", "n,name", "addr[street]", "addr[street];desc,n"})
    void comparatorOrdersLikeMongoWhenNoValueIsMissing(String input) {
        OrderBy orderBy = OrderBy.parse(input, MongoFixture.EXPANDER);
        List<String> mongo = new ArrayList<>();
        collection.find().sort(orderBy.toBson(STORAGE)).forEach(d -> mongo.add(d.getString("_id")));
        List<String> memory = ENTITIES.stream().sorted(orderBy.comparator()).map(Entity::id).toList();
        assertThat(memory).isEqualTo(mongo).hasSize(ENTITIES.size());
    }

    @Test
    void multiInstanceAndArrayKeysUseMinAscendingAndMaxDescending() {
        List<String> asc = ENTITIES.stream().sorted(OrderBy.parse("n", MongoFixture.EXPANDER).comparator()).map(Entity::id).toList();
        assertThat(asc).containsExactly("urn:o3", "urn:o4", "urn:o0", "urn:o1", "urn:o2");
        List<String> types = ENTITIES.stream().sorted(OrderBy.parse("type;desc", MongoFixture.EXPANDER).comparator()).map(Entity::id).toList();
        assertThat(types).containsExactly("urn:o0", "urn:o3", "urn:o2", "urn:o4", "urn:o1");
    }

    @Test
    void missingValuesSortLastInBothDirectionsAndIdBreaksTies() {
        Entity none = entity("urn:a-none", List.of("X"), "2024-01-01T00:00:00Z", Map.of());
        Entity nul = entity("urn:b-null", List.of("X"), "2024-01-01T00:00:00Z", Map.of("name", "null"));
        List<Entity> all = new ArrayList<>(ENTITIES);
        all.add(0, nul);
        all.add(none);
        for (String dir : List.of("asc", "desc")) {
            List<String> ids = all.stream().sorted(OrderBy.parse("name;" + dir, MongoFixture.EXPANDER).comparator())
                    .map(Entity::id).toList();
            assertThat(ids.subList(5, 7)).as(dir).containsExactly("urn:a-none", "urn:b-null");
        }
        List<String> asc = ENTITIES.stream().sorted(OrderBy.parse("name", MongoFixture.EXPANDER).comparator()).map(Entity::id).toList();
        assertThat(asc).containsExactly("urn:o0", "urn:o2", "urn:o4", "urn:o1", "urn:o3");
    }

    @Test
    void mixedValueKindsFollowBsonOrder() {
        Entity num = entity("urn:num", List.of("X"), "2024-01-01T00:00:00Z", Map.of("v", "5"));
        Entity str = entity("urn:str", List.of("X"), "2024-01-01T00:00:00Z", Map.of("v", "\"5\""));
        Entity obj = entity("urn:obj", List.of("X"), "2024-01-01T00:00:00Z", Map.of("v", "{\"a\":1}"));
        Entity bool = entity("urn:bool", List.of("X"), "2024-01-01T00:00:00Z", Map.of("v", "false"));
        List<String> ids = Stream.of(bool, obj, str, num).sorted(OrderBy.parse("v", MongoFixture.EXPANDER).comparator())
                .map(Entity::id).toList();
        assertThat(ids).containsExactly("urn:num", "urn:str", "urn:obj", "urn:bool");
    }

    /**
     * Clause 4.23.3 EXAMPLE 5: a dotted attribute path names a sub-attribute or the attribute's observedAt
     * (createdAt, modifiedAt); the store's sort and the in-memory comparator agree on entity documents.
     */
    @ParameterizedTest
    @ValueSource(strings = {"name.observedAt", "name.observedAt;desc", "name.createdAt", "name.sub", "name.sub;desc",
        "name.sub.observedAt;desc", "name.sub,name;desc"})
    void attributePathsOrderLikeMongo(String input) {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<Entity> entities = new ArrayList<>();
        int[] subs = {3, 1, 2};
        for (int i = 0; i < subs.length; i++) {
            Instant at = t0.plusSeconds(3600L * ((i * 2) % 3));
            Attribute sub = new Attribute(AttributeType.PROPERTY, JSON.valueToTree(subs[i]), null, at.plusSeconds(60 * i),
                    null, null, at, at, Map.of());
            Attribute name = new Attribute(AttributeType.PROPERTY, JSON.valueToTree("n" + i), null, at, null, null,
                    at.plusSeconds(10L * (3 - i)), at, Map.of(MongoFixture.EXPANDER.apply("sub"), sub));
            entities.add(new Entity("urn:p" + i, List.of("https://ex.org/T"), List.of(), t0, t0,
                    Map.of(MongoFixture.EXPANDER.apply("name"), List.of(name))));
        }
        var docs = new org.civicbroker.persistence.EntityDocuments(g -> null);
        MongoCollection<Document> c = client.getDatabase("lang").getCollection("paths");
        c.drop();
        entities.forEach(e -> c.insertOne(docs.toDocument(e)));
        OrderBy orderBy = OrderBy.parse(input, MongoFixture.EXPANDER);
        List<String> mongo = new ArrayList<>();
        c.find().sort(orderBy.toBson(org.civicbroker.persistence.FieldNames::attributePath))
                .forEach(d -> mongo.add(d.getString("_id")));
        List<String> memory = entities.stream().sorted(orderBy.comparator()).map(Entity::id).toList();
        assertThat(memory).isEqualTo(mongo).hasSize(3);
        if (input.equals("name.sub")) {
            assertThat(memory).containsExactly("urn:p1", "urn:p2", "urn:p0");
        }
    }

    @Test
    void distanceOrderingIsNotSupported() {
        assertThatThrownBy(() -> OrderBy.parse("location;dist-asc", MongoFixture.EXPANDER))
                .isInstanceOfSatisfying(NgsiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.OPERATION_NOT_SUPPORTED));
    }

    @Test
    void overLongInputIsRejected() {
        assertThatThrownBy(() -> OrderBy.parse("a".repeat(5000), MongoFixture.EXPANDER))
                .isInstanceOfSatisfying(NgsiException.class, e -> assertThat(e.getMessage()).contains("longer than"));
    }
}
