package org.civicbroker.persistence;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded development store: mongo-java-server bound to a loopback port, with an H2 file backend
 * (or a memory backend when the data directory is {@code memory}). The broker talks to it through the
 * normal MongoDB driver, exactly as it talks to a real MongoDB.
 */
public final class EmbeddedStore implements AutoCloseable {

    public static final String MEMORY = "memory";

    private final MongoBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final String description;

    private EmbeddedStore(MongoBackend backend, String description) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.address = server.getLocalAddress();
        this.description = description;
    }

    /** Starts the store; {@code dataDir} is a directory for the H2 file, or {@link #MEMORY}. */
    public static EmbeddedStore start(String dataDir) {
        if (MEMORY.equalsIgnoreCase(dataDir)) {
            return new EmbeddedStore(new MemoryBackend(), "in memory");
        }
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        Path file = dir.resolve("civic-broker.mv");
        return new EmbeddedStore(new H2Backend(file.toString()), "H2 file " + file);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public String description() {
        return description;
    }

    /**
     * Makes acknowledged writes durable. The H2 backend otherwise commits about once a second, so a
     * crash right after an acknowledged write could lose it.
     */
    public void commit() {
        if (backend instanceof H2Backend h2) {
            h2.commit();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
