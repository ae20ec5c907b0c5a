package org.civicbroker.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.jboss.logging.Logger;

/**
 * Start-up compaction of the embedded store's H2 file (issue 19, docs/architecture.md "The file stays
 * proportional to the data"): before the store is opened for the broker, when less than a given share of
 * the file holds live data, every map is copied into a new file (H2's {@code MVStoreTool.compact}), the new
 * file is forced to the device and then renamed over the old one atomically, and the directory is forced.
 *
 * <p>Crash safety: until the rename the old file is untouched, and a kill leaves at most a half-written
 * {@value #TEMP_SUFFIX} file, deleted at the next start; after the rename the new file is complete
 * (forced before it). A failure (a full disk) deletes the new file, logs and keeps the old one.
 */
final class OfflineCompaction {

    static final String TEMP_SUFFIX = ".compacting";

    private static final Logger LOG = Logger.getLogger(OfflineCompaction.class);

    /** What a compaction did. */
    record Result(long bytesBefore, long bytesAfter, int livePercentBefore, long millis) {
    }

    private OfflineCompaction() {
    }

    /**
     * Compacts {@code file} when it is at least {@code minBytes} long and less than {@code belowPercent}% of it
     * is live data; the file must not be open. Returns null when nothing was done (or the compaction failed).
     */
    static Result compactIfSparse(Path file, int belowPercent, long minBytes) {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try {
            Files.deleteIfExists(temp);  // a compaction a kill interrupted: the old file is intact
            if (belowPercent <= 0 || !Files.exists(file) || Files.size(file) < minBytes) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data directory " + file.getParent(), e);
        }
        int live = livePercent(file);
        if (live >= belowPercent) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            long before = Files.size(file);
            LOG.infof("Embedded store: %d MB of which %d%% is live data; compacting it into a new file before start-up",
                    before >> 20, live);
            MVStoreTool.compact(file.toString(), temp.toString(), false);
            force(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(file.getParent());
            Result result = new Result(before, Files.size(file), live, (System.nanoTime() - t0) / 1_000_000);
            LOG.infof("Embedded store compacted at start-up in %d ms: %d MB -> %d MB", result.millis(),
                    result.bytesBefore() >> 20, result.bytesAfter() >> 20);
            return result;
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Embedded store: start-up compaction failed after %d ms; the file is kept as it was",
                    (System.nanoTime() - t0) / 1_000_000);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next start deletes it
            }
            return null;
        }
    }

    /** The share of the file (percent) that holds live data, read from the closed file. */
    static int livePercent(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return EmbeddedStore.livePercent(store);
        } finally {
            store.close();
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ} : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        }
    }
}
