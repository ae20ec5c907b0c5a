package org.civicbroker.query.lang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The entities of {@code fixtures/query-lang/entities.json}, both as in-memory records and as documents in
 * the storage shape ({@code _id}, expanded {@code type}, {@code scope} absent when empty) in an embedded
 * mongo-java-server (memory backend, loopback, ephemeral port).
 */
final class MongoFixture implements AutoCloseable {

    /** Short type names expand under this vocabulary; names containing ':' are already IRIs. */
    static final UnaryOperator<String> EXPANDER = t -> t.contains(":") ? t : "https://ex.org/" + t;

    record Row(String id, List<String> types, List<String> scopes) {
    }

    final List<Row> rows;
    private final MongoServer server;
    private final MongoClient client;
    final MongoCollection<Document> entities;

    MongoFixture() {
        rows = load();
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress addr = server.getLocalAddress();
        client = MongoClients.create("mongodb://127.0.0.1:" + addr.getPort());
        entities = client.getDatabase("lang").getCollection("entities");
        for (Row r : rows) {
            Document d = new Document("_id", r.id()).append("type", r.types());
            if (!r.scopes().isEmpty()) {
                d.append("scope", r.scopes());
            }
            entities.insertOne(d);
        }
    }

    private static List<Row> load() {
        try (InputStream in = MongoFixture.class.getResourceAsStream("/fixtures/query-lang/entities.json")) {
            List<Row> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                List<String> types = new ArrayList<>();
                n.get("type").forEach(t -> types.add(EXPANDER.apply(t.asText())));
                List<String> scopes = new ArrayList<>();
                if (n.has("scope")) {
                    n.get("scope").forEach(s -> scopes.add(s.asText()));
                }
                out.add(new Row(n.get("id").asText(), types, scopes));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of the stored documents that match {@code filter}, sorted. */
    List<String> find(Bson filter) {
        TreeSet<String> ids = new TreeSet<>();
        entities.find(filter).forEach(d -> ids.add(d.getString("_id")));
        return List.copyOf(ids);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
