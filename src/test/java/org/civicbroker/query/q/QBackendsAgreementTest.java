package org.civicbroker.query.q;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key q test: every case of fixtures/q/cases.tsv runs over the entities of fixtures/q/entities.json
 * through the in-memory matcher and through the Mongo translator on mongo-java-server; both must
 * return the expected ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QBackendsAgreementTest {

    private static final String PREFIX = "urn:ngsi-ld:Room:";

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> collection;
    private List<Entity> entities;

    @BeforeAll
    void start() {
        entities = QFixtures.entities();
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        collection = client.getDatabase("q").getCollection("entities");
        EntityDocuments codec = new EntityDocuments(null);
        entities.forEach(e -> collection.insertOne(codec.toDocument(e)));
    }

    @AfterAll
    void stop() {
        client.close();
        server.shutdownNow();
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                QBackendsAgreementTest.class.getResourceAsStream("/fixtures/q/cases.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                Set<String> expected = f[1].equals("-") ? Set.of()
                        : Arrays.stream(f[1].split(",")).map(s -> PREFIX + s).collect(Collectors.toCollection(TreeSet::new));
                out.add(Arguments.of(f[0], expected, f.length > 2 && f[2].equals("matcher-only")));
            }
        }
        return out.stream();
    }

    @Test
    void theTableIsLarge() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void matcherFindsTheExpectedEntities(String q, Set<String> expected, boolean matcherOnly) {
        QNode node = QParser.parse(q).resolve(QFixtures.EXPANDER);
        Set<String> ids = entities.stream().filter(e -> QMatcher.matches(node, e)).map(Entity::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ids).as(q).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void mongoFilterFindsTheSameEntities(String q, Set<String> expected, boolean matcherOnly) {
        // $regexMatch (any-language LanguageProperty pattern) is absent from mongo-java-server 1.47
        assumeThat(matcherOnly).as("needs an operator the embedded store lacks").isFalse();
        QNode node = QParser.parse(q).resolve(QFixtures.EXPANDER);
        Set<String> ids = new TreeSet<>();
        collection.find(QTranslator.toFilter(node)).forEach(d -> ids.add(d.getString("_id")));
        assertThat(ids).as(q + " -> " + QTranslator.toFilter(node).toBsonDocument().toJson()).isEqualTo(expected);
    }
}
