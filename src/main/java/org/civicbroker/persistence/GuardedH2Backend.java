package org.civicbroker.persistence;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with a commit barrier: a write command holds the shared side of
 * {@link #barrier} for its whole duration and a commit takes the exclusive side, so a commit never
 * falls inside a write command.
 *
 * <p>Why (issue 19): the backend applies one document write as several H2 map writes, the document
 * first and its unique-index entries after (deletes: the index entries first). A commit between the two
 * wrote a document without its {@code _id} index entry (or an index entry without its document) to the
 * file; after a SIGKILL the store reopened in that state, and every later write of that key failed with
 * "Document with key ... already existed" (the index said it was absent, the data map held it), which
 * stopped the temporal history for good. Commits come only from {@link EmbeddedStore} (H2's own
 * auto-commit, which ran on its background thread or inside a writer when enough memory was unsaved, is
 * disabled), and each takes the barrier.
 *
 * <p>Read commands (find, aggregate, getMore, ...) do not take it: a commit never waits for a long scan.
 * They hold the shared side of a second lock, {@link #scans}, which only compaction takes exclusively
 * (it frees chunks that a running scan could still be reading). Any command not known to be a read is
 * treated as a write.
 */
final class GuardedH2Backend extends H2Backend {

    /** Commands that never change stored data (lower case). */
    private static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct", "getmore", "killcursors",
            "ping", "ismaster", "hello", "buildinfo", "whatsmyuri", "serverstatus", "listcollections", "listdatabases",
            "listindexes", "dbstats", "collstats", "endsessions", "getlasterror", "getlog", "hostinfo",
            "getparameter", "getcmdlineopts", "connectionstatus", "explain", "saslstart", "saslcontinue");

    private final ReentrantReadWriteLock barrier = new ReentrantReadWriteLock();
    /** Reads hold its shared side; compaction, which frees the chunks a running scan may still read, the exclusive one. */
    private final ReentrantReadWriteLock scans = new ReentrantReadWriteLock();
    /** {@link System#nanoTime()} of the last write command (compaction waits for a quiet moment). */
    private volatile long lastWrite = System.nanoTime();

    GuardedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (READS.contains(command.toLowerCase(Locale.ROOT))) {
            Lock reading = scans.readLock();
            reading.lock();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                reading.unlock();
            }
        }
        Lock shared = barrier.readLock();
        shared.lock();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            shared.unlock();
            lastWrite = System.nanoTime();
        }
    }

    /**
     * Runs {@code work} (a compaction's commit) while no command, read or write, is running; gives up
     * (false, {@code work} not run) when running commands keep the store busy for longer than
     * {@code waitMillis}: a long scan would otherwise hold back, through the waiting compaction, every
     * command that arrives after it.
     */
    boolean tryAlone(Runnable work, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        Lock noScan = scans.writeLock();
        Lock exclusive = barrier.writeLock();
        try {
            if (!noScan.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            try {
                if (!exclusive.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                try {
                    work.run();
                    return true;
                } finally {
                    exclusive.unlock();
                }
            } finally {
                noScan.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Milliseconds since the last write command finished. */
    long quietMillis() {
        return (System.nanoTime() - lastWrite) / 1_000_000;
    }

    /** Runs {@code work} (a commit, a compaction) while no write command is half done. */
    void exclusively(Runnable work) {
        Lock exclusive = barrier.writeLock();
        exclusive.lock();
        try {
            work.run();
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * Closing commits: like every commit, never inside a write command (the server stops its event loops
     * first, so none should be running; this holds if one still is).
     */
    @Override
    public void close() {
        exclusively(super::close);
    }
}
