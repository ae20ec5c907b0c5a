package org.civicbroker.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Progress of exports and imports: a log line every {@value #LOG_EVERY} items with the count and the
 * rate, and the figures of running and recent jobs for {@code GET /ngsi-ld/v1/x-export/status}.
 */
@ApplicationScoped
public class ExportProgress {

    static final int LOG_EVERY = 10_000;
    private static final int KEEP_FINISHED = 20;
    private static final Logger LOG = Logger.getLogger(ExportProgress.class);

    /** One job; {@link #count} grows as items are written, {@link #finished} is set at the end. */
    public static final class Job {
        final String id = UUID.randomUUID().toString();
        final String what;
        final String tenant;
        final Instant started = Instant.now();
        final AtomicLong count = new AtomicLong();
        volatile Instant finished;
        volatile String outcome = "running";

        Job(String what, String tenant) {
            this.what = what;
            this.tenant = tenant;
        }

        public void add(long n) {
            long c = count.addAndGet(n);
            if (c / LOG_EVERY != (c - n) / LOG_EVERY) {
                LOG.infof("%s (tenant %s): %d items, %.0f items/s", what, tenant, c, rate());
            }
        }

        double rate() {
            Instant end = finished != null ? finished : Instant.now();
            double s = Math.max(0.001, Duration.between(started, end).toMillis() / 1000.0);
            return count.get() / s;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public Job start(String what, String tenant) {
        Job j = new Job(what, tenant == null ? "default" : tenant);
        jobs.put(j.id, j);
        LOG.infof("%s (tenant %s) started", what, j.tenant);
        return j;
    }

    public void finish(Job j, Throwable failure) {
        j.finished = Instant.now();
        j.outcome = failure == null ? "done" : "failed: " + failure.getMessage();
        LOG.infof("%s (tenant %s) %s: %d items in %d ms, %.0f items/s", j.what, j.tenant, j.outcome, j.count.get(),
                Duration.between(j.started, j.finished).toMillis(), j.rate());
        List<Job> finished = new ArrayList<>(jobs.values().stream().filter(x -> x.finished != null)
                .sorted(Comparator.comparing((Job x) -> x.finished).reversed()).toList());
        finished.stream().skip(KEEP_FINISHED).forEach(x -> jobs.remove(x.id));
    }

    /** Running jobs first, then the recent finished ones. */
    List<Job> jobs() {
        return jobs.values().stream().sorted(Comparator.comparing((Job x) -> x.finished != null).thenComparing(x -> x.started,
                Comparator.reverseOrder())).toList();
    }
}
