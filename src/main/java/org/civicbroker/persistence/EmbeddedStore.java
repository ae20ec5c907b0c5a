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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVStore;

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
    /** Commits run one at a time on this thread; writes that arrive meanwhile share the next commit. */
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "embedded-store-commit");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<CompletableFuture<Void>> nextCommit = new AtomicReference<>();

    private EmbeddedStore(MongoBackend backend, String description) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.address = server.getLocalAddress();
        this.description = description;
    }

    /** Starts the store with a 256 MB page cache; see {@link #start(String, int)}. */
    public static EmbeddedStore start(String dataDir) {
        return start(dataDir, 256);
    }

    /**
     * Starts the store; {@code dataDir} is a directory for the H2 file, or {@link #MEMORY}.
     * {@code cacheMb} sizes H2's page cache: a query scans the collection (the embedded store has no
     * secondary indexes), and pages that fall out of the cache are read and deserialised again, which
     * with H2's default 16 MB made every query over 100,000 entities a multi-second full decode.
     */
    public static EmbeddedStore start(String dataDir, int cacheMb) {
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
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).open();
        return new EmbeddedStore(new H2Backend(store), "H2 file " + file);
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

    /**
     * Group commit: completes once a commit that started after this call has finished, so the
     * caller's acknowledged write is durable. Concurrent writers share one commit (one H2 chunk)
     * instead of each forcing their own, and commits never run concurrently.
     */
    public CompletableFuture<Void> commitAsync() {
        if (!(backend instanceof H2Backend)) {
            return CompletableFuture.completedFuture(null);
        }
        while (true) {
            CompletableFuture<Void> pending = nextCommit.get();
            if (pending != null) {
                return pending;  // not started yet: it will include this caller's write
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (nextCommit.compareAndSet(null, mine)) {
                committer.execute(() -> {
                    nextCommit.compareAndSet(mine, null);  // from here on, new writers schedule the next commit
                    try {
                        commit();
                        mine.complete(null);
                    } catch (RuntimeException e) {
                        mine.completeExceptionally(e);
                    }
                });
                return mine;
            }
        }
    }

    @Override
    public void close() {
        committer.shutdown();
        server.shutdownNow();
    }
}
