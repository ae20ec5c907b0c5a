package org.civicbroker.persistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * The online compaction of the embedded store's H2 file (issue 19, docs/architecture.md "The file stays
 * proportional to the data"), in short steps so that no command waits long.
 *
 * <p>Why steps: H2's {@code MVStore.compactFile(maxMillis)} checks its time limit only after rewriting 16 MB
 * of live pages and moving 16 MB of chunks, and the whole call ran behind the commit barrier: on a 2.4 GB
 * file at 38% live data one call with a one-second limit held every command for 15 s (first rewrite
 * 8.5 s, reading cold pages), and left the file larger than before. A step here rewrites a bounded
 * amount of live pages (from {@link #STEP_BYTES}) out of the sparsest old chunks (H2's public
 * {@code MVStore.compact(fillRate, write)}) <em>outside</em> the barrier: rewriting a page changes no
 * data, commands keep running (H2 map writes are concurrent; only H2's own commit waits for the rewrite).
 * Then it commits: behind {@link GuardedH2Backend#tryAlone} (no command running, so no reader needs an
 * older version and the rewritten chunks are freed at once) when that is free within
 * {@link #ALONE_WAIT_MILLIS}, else an ordinary commit (the chunks are freed by a later commit, after H2's
 * retention time). Each step is its own task on the commit thread, so group commits waiting for it run
 * before the next step.
 *
 * <p>What it does not do: move chunks to truncate the file (H2's {@code compactMoveChunks} commits in the
 * middle, forces the file twice and cannot be bounded in time); the freed space is reused by later
 * commits, and the file is truncated by H2 when its tail is free, or by the start-up compaction
 * ({@link OfflineCompaction}).
 *
 * <p>A step that takes longer than the budget ends the run, is logged (a warning, once) and the next runs
 * are skipped, twice as many after each such run (at most {@value #MAX_SKIPPED}): a store on which a step
 * is slow is not stalled again every interval.
 */
final class OnlineCompaction {

    /** Live page bytes rewritten by a run's first step, and the least a step rewrites. */
    static final int STEP_BYTES = 256 << 10;
    /**
     * The most a step rewrites (H2's own {@code compactFile} step). A step that took less than a quarter of the
     * budget doubles the next one, a step over half the budget halves it: the time a step takes grows with
     * what it rewrites, but the first steps on a cold cache are slower. H2 rewrites a chunk only when all its
     * live pages fit in the step, so a larger step can find work a smaller one did not.
     */
    static final int MAX_STEP_BYTES = 16 << 20;
    /**
     * H2 rewrites the store's chunks while their fill rate (live share) is below this. Not H2's own 90%:
     * rewriting a page rewrites the inner pages above it, which were written by the earlier steps, so the
     * fill rate levels off (at 74% on a 2.4 GB file) and a higher target would rewrite the same pages for
     * good, 10 s every 30 s.
     */
    static final int TARGET_FILL_PERCENT = 70;
    /** How long a step's commit waits for running commands before it commits without freeing at once. */
    private static final long ALONE_WAIT_MILLIS = 100;
    /** The most runs skipped after slow ones. */
    static final int MAX_SKIPPED = 16;

    private static final Logger LOG = Logger.getLogger(OnlineCompaction.class);

    /**
     * What a run did.
     *
     * @param steps steps that rewrote pages
     * @param longestStepMillis the longest step (rewrite and commit): the longest a write's acknowledgement waited
     * @param longestAloneMillis the longest time a step held every command back (its freeing commit)
     */
    record Run(int steps, long longestStepMillis, long longestAloneMillis, long totalMillis, long bytesBefore,
            long bytesAfter, int livePercentAfter, boolean overBudget) {
        static final Run NONE = new Run(0, 0, 0, 0, 0, 0, 100, false);
    }

    private final MVStore store;
    private final GuardedH2Backend h2;
    private final Executor thread;
    private final Runnable commit;
    private final LongSupplier fileSize;
    private final int stepBytes;
    private final long stepBudgetMillis;
    private final long runMillis;
    /** Called between steps, with the barrier free (tests). */
    private volatile Runnable betweenSteps = () -> { };
    private boolean running;
    private int skipped;
    private int toSkip;
    private boolean warned;

    /**
     * @param thread the commit thread: steps and commits never run at the same time
     * @param commit an ordinary commit (behind the barrier, forced when fsync is on)
     * @param stepBudgetMillis the longest a step may take
     * @param runMillis how long a run goes on taking steps
     */
    OnlineCompaction(MVStore store, GuardedH2Backend h2, Executor thread, Runnable commit, LongSupplier fileSize,
            int stepBytes, long stepBudgetMillis, long runMillis) {
        this.store = store;
        this.h2 = h2;
        this.thread = thread;
        this.commit = commit;
        this.fileSize = fileSize;
        this.stepBytes = stepBytes;
        this.stepBudgetMillis = stepBudgetMillis;
        this.runMillis = runMillis;
    }

    void betweenSteps(Runnable hook) {
        this.betweenSteps = hook;
    }

    /**
     * Starts a run unless one is running or runs are being skipped after a slow one; completes when it ends.
     */
    synchronized CompletableFuture<Run> run() {
        if (running) {
            return CompletableFuture.completedFuture(Run.NONE);
        }
        if (skipped < toSkip) {
            skipped++;
            return CompletableFuture.completedFuture(Run.NONE);
        }
        running = true;
        CompletableFuture<Run> done = new CompletableFuture<>();
        Progress progress = new Progress(System.nanoTime(), fileSize.getAsLong());
        progress.stepBytes = stepBytes;
        submit(() -> step(progress, done), progress, done);
        return done;
    }

    private static final class Progress {
        final long start;
        final long bytesBefore;
        int stepBytes;
        long rewritten;
        int steps;
        long longestStep;
        long longestAlone;

        Progress(long start, long bytesBefore) {
            this.start = start;
            this.bytesBefore = bytesBefore;
        }
    }

    private void step(Progress p, CompletableFuture<Run> done) {
        try {
            long t0 = System.nanoTime();
            boolean rewritten = store.compact(TARGET_FILL_PERCENT, p.stepBytes);
            long rewriteMillis = (System.nanoTime() - t0) / 1_000_000;
            long held = 0;
            if (rewritten) {
                // from the wait for the locks on: commands arriving meanwhile queue behind it
                long a0 = System.nanoTime();
                h2.tryAlone(this::freeingCommit, ALONE_WAIT_MILLIS);
                held = (System.nanoTime() - a0) / 1_000_000;
                commit.run();  // everything still unsaved (all of it when tryAlone gave up), forced when fsync is on
                p.steps++;
                p.rewritten += p.stepBytes;
                p.longestAlone = Math.max(p.longestAlone, held);
            }
            long tookNanos = System.nanoTime() - t0;
            long took = tookNanos / 1_000_000;
            LOG.debugf("Embedded store: online compaction step of %d KB: %s, %d ms (rewrite %d ms, commands held back %d ms)",
                    p.stepBytes >> 10, rewritten ? "rewritten" : "nothing to rewrite", took, rewriteMillis, held);
            p.longestStep = Math.max(p.longestStep, took);
            // in nanoseconds: a step of under a millisecond is over a budget of 0 (tests) too
            boolean overBudget = tookNanos > stepBudgetMillis * 1_000_000L;
            boolean larger = took < stepBudgetMillis / 4 && p.stepBytes < MAX_STEP_BYTES;
            if (larger) {
                p.stepBytes *= 2;
            } else if (took > stepBudgetMillis / 2 && p.stepBytes > stepBytes) {
                p.stepBytes /= 2;
            }
            // never more than the file holds: chunks the run itself wrote can be rewritten again once older than
            // H2's retention time (at once with a retention time of 0), which would go on for the whole run
            boolean more = (rewritten || larger) && p.rewritten < p.bytesBefore;
            if (more && !overBudget && (System.nanoTime() - p.start) / 1_000_000 < runMillis) {
                betweenSteps.run();
                submit(() -> step(p, done), p, done);
            } else {
                end(p, overBudget, done);
            }
        } catch (RuntimeException e) {
            end(p, false, done);
            LOG.warnf(e, "Embedded store: online compaction failed");
        }
    }

    /** A commit that frees the chunks just rewritten at once: no command runs, so no reader needs an older version. */
    private void freeingCommit() {
        int retention = store.getRetentionTime();
        int versions = (int) store.getVersionsToKeep();
        store.setRetentionTime(0);
        store.setVersionsToKeep(0);
        try {
            store.commit();
        } finally {
            store.setVersionsToKeep(versions);
            store.setRetentionTime(retention);
        }
    }

    private void submit(Runnable task, Progress p, CompletableFuture<Run> done) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            end(p, false, done);  // the store is closing
        }
    }

    private void end(Progress p, boolean overBudget, CompletableFuture<Run> done) {
        Run run = new Run(p.steps, p.longestStep, p.longestAlone, (System.nanoTime() - p.start) / 1_000_000,
                p.bytesBefore, fileSize.getAsLong(), EmbeddedStore.livePercent(store), overBudget);
        int chunksFill = store.getFileStore().getChunksFillRate();
        synchronized (this) {
            running = false;
            skipped = 0;
            if (overBudget) {
                toSkip = Math.min(MAX_SKIPPED, Math.max(1, toSkip * 2));
                if (!warned) {
                    warned = true;
                    LOG.warnf("Embedded store: an online compaction step took %d ms, over its %d ms budget; the next %d"
                            + " run(s) are skipped (doubling while steps stay slow; logged once). The start-up"
                            + " compaction (NGSILD_STORE_COMPACT_AT_START) compacts the file at the next restart",
                            p.longestStep, stepBudgetMillis, toSkip);
                }
            } else {
                toSkip = 0;
            }
        }
        if (run.steps() > 0) {
            LOG.infof("Embedded store compacted online in %d step(s) over %d ms (longest step %d ms, commands held"
                    + " back at most %d ms): %d MB -> %d MB (%d%% live data, chunks %d%% full)", run.steps(),
                    run.totalMillis(), run.longestStepMillis(), run.longestAloneMillis(), run.bytesBefore() >> 20,
                    run.bytesAfter() >> 20, run.livePercentAfter(), chunksFill);
        }
        done.complete(run);
    }

    /** Runs skipped after slow ones, still to come (tests). */
    synchronized int runsToSkip() {
        return toSkip - skipped;
    }
}
