package org.civicbroker.persistence;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * The embedded development store: mongo-java-server bound to a loopback port, with an H2 file backend
 * (or a memory backend when the data directory is {@code memory}). The broker talks to it through the
 * normal MongoDB driver, exactly as it talks to a real MongoDB.
 *
 * <p>Durability (issue 19, docs/architecture.md "Recovery model"): H2's own auto-commit is off; the
 * store is committed only here, by the group commit after acknowledged writes and once a second for
 * the rest, each commit behind the barrier of {@link GuardedH2Backend} (never inside a write command)
 * and, when {@code fsync} is on, followed by a force of the file before the writes it covers are
 * acknowledged. A clean close leaves a marker file; a start without it (a crash, a kill, or a store
 * written by an older version) checks every unique index against its documents and rebuilds those
 * that do not match ({@link IndexRepair}).
 */
public final class EmbeddedStore implements AutoCloseable {

    public static final String MEMORY = "memory";
    static final String FILE_NAME = "civic-broker.mv";
    /** Present while the store is closed cleanly; deleted at start. */
    static final String CLEAN_MARKER = "civic-broker.clean";

    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class);

    /**
     * How the store is opened.
     *
     * @param compactInterval how often the file is checked for compaction ({@link #compact}); zero: never
     * @param compactAtStartBelow at start-up, before the store is opened, the file is compacted into a new
     *     file ({@link OfflineCompaction}) when less than this share (percent) of it is live data; 0: never
     */
    public record Options(int cacheMb, boolean fsync, java.time.Duration compactInterval, int compactAtStartBelow) {
        public static final Options DEFAULTS = new Options(256, true, java.time.Duration.ofSeconds(30), COMPACT_BELOW_PERCENT);

        public Options(int cacheMb, boolean fsync, java.time.Duration compactInterval) {
            this(cacheMb, fsync, compactInterval, COMPACT_BELOW_PERCENT);
        }
    }

    /** The file is compacted when less than this share (percent) of it holds live data. */
    static final int COMPACT_BELOW_PERCENT = 50;
    /** ... and it is larger than this: a small file is not worth a pause. */
    static final long COMPACT_MIN_BYTES = 16L << 20;
    /** Compaction waits until no write command has run for this long (unless the file is far too big). */
    private static final long QUIET_MILLIS = 1000;
    /** The longest one step of the online compaction may take (the configured pause budget). */
    private static final int ONLINE_STEP_MILLIS = 1000;
    /** How long one online compaction run goes on taking steps (commands run between and during them). */
    private static final int ONLINE_RUN_MILLIS = 10_000;

    private final MongoBackend backend;
    private final GuardedH2Backend h2;
    private final MVStore mvStore;
    private final Path dir;
    private final boolean fsync;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final String description;
    /** Commits run one at a time on this thread; writes that arrive meanwhile share the next commit. */
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-store-commit");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<CompletableFuture<Void>> nextCommit = new AtomicReference<>();
    private volatile IndexRepair.Report repair;
    private volatile OfflineCompaction.Result startCompaction;
    private final OnlineCompaction online;

    private EmbeddedStore(MongoBackend backend, GuardedH2Backend h2, MVStore mvStore, Path dir, boolean fsync,
            String description) {
        this.backend = backend;
        this.h2 = h2;
        this.mvStore = mvStore;
        this.dir = dir;
        this.fsync = fsync;
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        this.address = server.getLocalAddress();
        this.description = description;
        this.online = h2 == null ? null : onlineCompaction(OnlineCompaction.STEP_BYTES, ONLINE_STEP_MILLIS, ONLINE_RUN_MILLIS);
        if (h2 != null) {
            // what the group commit does not cover (consumers' bookkeeping) is committed within a second
            committer.scheduleWithFixedDelay(() -> {
                if (mvStore.hasUnsavedChanges()) {
                    commitAsync();
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void scheduleCompaction(java.time.Duration interval) {
        if (h2 != null && !interval.isZero() && !interval.isNegative()) {
            long ms = interval.toMillis();
            committer.scheduleWithFixedDelay(() -> {
                try {
                    // in a quiet moment; or at once when the file is more than four times the data
                    if (h2.quietMillis() >= QUIET_MILLIS || liveDataPercent() < COMPACT_BELOW_PERCENT / 2) {
                        compactOnline();
                    }
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Embedded store: compaction failed");
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** The share of the file (percent) that holds live data: the free-space fill rate times the chunks' fill rate. */
    int liveDataPercent() {
        return livePercent(mvStore);
    }

    static int livePercent(MVStore store) {
        if (store == null || store.getFileStore() == null) {
            return 100;
        }
        var fs = store.getFileStore();
        return fs.getFillRate() * fs.getChunksFillRate() / 100;
    }

    /**
     * Whether the file is worth compacting: over {@value #COMPACT_MIN_BYTES} bytes and less than
     * {@value #COMPACT_BELOW_PERCENT}% live data.
     */
    private boolean sparse() {
        return h2 != null && fileSize() >= COMPACT_MIN_BYTES && liveDataPercent() < COMPACT_BELOW_PERCENT;
    }

    /**
     * The online compaction, while the broker serves ({@link OnlineCompaction}): in steps of a bounded
     * pause, commands running between and during them; it does not truncate the file. Without it the file
     * only grows: H2's own background compaction went with its auto-commit.
     */
    CompletableFuture<OnlineCompaction.Run> compactOnline() {
        return sparse() ? online.run() : CompletableFuture.completedFuture(OnlineCompaction.Run.NONE);
    }

    /** An online compaction of this store on its commit thread (the store's own, or one with other bounds for tests). */
    OnlineCompaction onlineCompaction(int stepBytes, long stepBudgetMillis, long runMillis) {
        return new OnlineCompaction(mvStore, h2, committer, this::commit, this::fileSize, stepBytes, stepBudgetMillis, runMillis);
    }

    /** The H2 store (tests: its retention time). */
    MVStore h2Store() {
        return mvStore;
    }

    /** Starts the store with the default options; see {@link #start(String, Options)}. */
    public static EmbeddedStore start(String dataDir) {
        return start(dataDir, Options.DEFAULTS);
    }

    /**
     * Starts the store; {@code dataDir} is a directory for the H2 file, or {@link #MEMORY}.
     * {@code cacheMb} sizes H2's page cache: a query scans the collection (the embedded store has no
     * secondary indexes), and pages that fall out of the cache are read and deserialised again, which
     * with H2's default 16 MB made every query over 100,000 entities a multi-second full decode.
     */
    public static EmbeddedStore start(String dataDir, Options options) {
        if (MEMORY.equalsIgnoreCase(dataDir)) {
            return new EmbeddedStore(new MemoryBackend(), null, null, null, false, "in memory");
        }
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        Path file = dir.resolve(FILE_NAME);
        boolean existed;
        boolean clean;
        try {
            Files.createDirectories(dir);
            existed = Files.exists(file);
            clean = Files.deleteIfExists(dir.resolve(CLEAN_MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + dir, e);
        }
        // a file far larger than its data (the online compaction cannot shrink a file of several GB within
        // its budget) is copied into a new one, atomically renamed over it, before the store is opened
        OfflineCompaction.Result compacted = OfflineCompaction.compactIfSparse(file, options.compactAtStartBelow(), COMPACT_MIN_BYTES);
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(options.cacheMb())
                // no commit but ours: H2 would otherwise commit from its background thread, or from a writer
                // thread when enough memory is unsaved, in the middle of a write command
                .autoCommitDisabled().autoCommitBufferSize(0)
                .open();
        GuardedH2Backend h2 = new GuardedH2Backend(store);
        EmbeddedStore embedded = new EmbeddedStore(h2, h2, store, dir, options.fsync(), "H2 file " + file);
        embedded.startCompaction = compacted;
        if (existed && !clean) {
            long t0 = System.nanoTime();
            embedded.repair = IndexRepair.run(h2, store);
            LOG.infof("Embedded store was not closed cleanly: %d index(es) checked in %d ms, %d rebuilt",
                    embedded.repair.checked(), (System.nanoTime() - t0) / 1_000_000, embedded.repair.rebuilt().size());
            embedded.commit();
        }
        // then online, in short steps, in quiet moments
        embedded.scheduleCompaction(options.compactInterval());
        return embedded;
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public String description() {
        return description;
    }

    /** What the index check at start-up found; null when the store was closed cleanly (or is new, or in memory). */
    public IndexRepair.Report repairReport() {
        return repair;
    }

    /** What the compaction before start-up did; null when the file was not compacted. */
    OfflineCompaction.Result startCompaction() {
        return startCompaction;
    }

    /** Whether anything was written since the last commit (for tests). */
    boolean hasUnsavedChanges() {
        return mvStore != null && mvStore.hasUnsavedChanges();
    }

    /** The H2 file's size in bytes (0 in memory). */
    public long fileSize() {
        return mvStore == null || mvStore.getFileStore() == null ? 0 : mvStore.getFileStore().size();
    }

    /**
     * Makes the writes done so far durable: one H2 commit, taken while no write command is half done, then
     * (with fsync) the file forced to the device. Writers wait only for the commit, not for the force.
     */
    public void commit() {
        if (h2 == null) {
            return;
        }
        h2.exclusively(mvStore::commit);
        if (fsync) {
            mvStore.sync();
        }
    }

    /**
     * Group commit: completes once a commit that started after this call has finished, so the
     * caller's acknowledged write is durable. Concurrent writers share one commit (one H2 chunk)
     * instead of each forcing their own, and commits never run concurrently.
     */
    public CompletableFuture<Void> commitAsync() {
        if (h2 == null) {
            return CompletableFuture.completedFuture(null);
        }
        while (true) {
            CompletableFuture<Void> pending = nextCommit.get();
            if (pending != null) {
                return pending;  // not started yet: it will include this caller's write
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (nextCommit.compareAndSet(null, mine)) {
                try {
                    committer.execute(() -> {
                        nextCommit.compareAndSet(mine, null);  // from here on, new writers schedule the next commit
                        try {
                            commit();
                            mine.complete(null);
                        } catch (RuntimeException e) {
                            mine.completeExceptionally(e);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the store is closed (shutdown): fail this write and every one sharing the commit, never hang them
                    nextCommit.compareAndSet(mine, null);
                    mine.completeExceptionally(new IllegalStateException("The embedded store is closed", closed));
                }
                return mine;
            }
        }
    }

    /**
     * For tests: stops as a killed process would, writing nothing more (no commit, no clean-close
     * marker); what is on disk is what the last commit wrote.
     */
    void halt() {
        committer.shutdownNow();
        if (mvStore != null) {
            mvStore.closeImmediately();
        }
        server.shutdownNow();
    }

    /** Stops the server, commits and closes the file, and marks the store as closed cleanly. */
    @Override
    public void close() {
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();  // closes the backend, which commits and closes the H2 file
        if (mvStore != null && !mvStore.isClosed()) {
            mvStore.close();
        }
        if (dir != null) {
            try {
                Files.writeString(dir.resolve(CLEAN_MARKER), "closed cleanly\n");
            } catch (IOException e) {
                LOG.warnf("Embedded store: clean-close marker not written (%s): the next start checks the indexes", e.getMessage());
            }
        }
    }
}
