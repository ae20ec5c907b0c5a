import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Memory budget benchmark (issue 19): the broker with 100,000 entities with history, 10 subscriptions and a
 * wrk-style load (a fixed number of connections sending requests back to back for a fixed time), within a
 * 1 GB heap and with the JVM's default (unbounded: a quarter of the machine's memory). JDK only:
 *
 * <pre>
 * java bench/MemoryBudgetBenchmark.java --jar target/quarkus-app/quarkus-run.jar [--port 1026]
 *        [--heaps 1g,default,1g,default] [--entities 100000] [--subscriptions 10] [--threads 8] [--seconds 120]
 *        [--work-dir /tmp/memory-budget] [--reuse true] [--load-only true] [--load-heap default]
 *        [--catch-up-minutes 120] [--notify-port 0] [--broker-opts "-XX:StartFlightRecording=..."]
 * </pre>
 *
 * It first loads the data once, with the broker jar under {@code --load-heap} (default: the first heap of
 * the list) on a fresh embedded store (a file data directory under the work directory): creates the
 * entities (batch create of 1,000; type MemProbe, a number and a text) and updates each once (batch
 * update: every entity then has two history instances), then waits until every change consumer has caught
 * up (every {@code ngsild_change_consumer_backlog} gauge of {@code /q/metrics} at 0: the history holds all
 * 200,000 changes) and stops the broker cleanly, so the runs start with nothing to replay. It then starts
 * the broker once more on the loaded data and stops it (the start-up compaction, if the file is mostly
 * dead chunks, happens there once rather than at every run). Its times, peak RSS, GC time and the store
 * file's size are printed. {@code --load-only true} stops there; {@code --reuse true} skips the load (and fails
 * when the work directory holds no loaded data).
 *
 * <p>Then, for each heap of the list in order (repeat heaps to alternate them, e.g. {@code 1g,default,1g,default}),
 * it starts the broker on a fresh copy of the loaded data (in its own directory, {@code run-<n>-<heap>}),
 * creates the subscriptions (each watching temperature of all MemProbe entities, notifying a receiver in
 * this process on {@code --notify-port}, 0 for any free port) and runs the load for the given time: per request 60% GET /entities/{id},
 * 15% GET /entities?type=MemProbe&q=... (limit 20), 5% GET /temporal/entities/{id}?lastN=5, 20% PATCH
 * /entities/{id}/attrs (each notifying every subscription). Per run it reports the machine's load average
 * before the run, requests/s, errors (any status >= 400 or I/O failure, with their kinds), notifications
 * received, the broker's RSS (the largest sampled once a second, and the kernel's peak, VmHWM), the GC
 * pause time and count during the load ({@code jvm_gc_pause_seconds} of {@code /q/metrics}; full GCs are the
 * "end of major GC" pauses), the memory allocated and the broker's CPU time; then the median of each figure per heap and the ratio of the
 * medians of requests/s to the default heap's. Stops the broker and deletes its copy after each run. See
 * docs/operations.md "Memory".
 */
public class MemoryBudgetBenchmark {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /** Further JVM options of the broker ({@code --broker-opts}, space-separated: e.g. a flight recording to find a cause). */
    static List<String> BROKER_OPTIONS = List.of();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String jar = args.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar");
        int port = Integer.parseInt(args.getOrDefault("port", "1026"));
        int notifyPort = Integer.parseInt(args.getOrDefault("notify-port", "0"));
        int entities = Integer.parseInt(args.getOrDefault("entities", "100000"));
        int subscriptions = Integer.parseInt(args.getOrDefault("subscriptions", "10"));
        int threads = Integer.parseInt(args.getOrDefault("threads", "8"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "120"));
        int catchUpMinutes = Integer.parseInt(args.getOrDefault("catch-up-minutes", "120"));
        Path work = Path.of(args.getOrDefault("work-dir", "/tmp/memory-budget"));
        List<String> heaps = Stream.of(args.getOrDefault("heaps", "1g,default").split(",")).map(String::trim).toList();
        String loadHeap = args.getOrDefault("load-heap", heaps.get(0));
        Path loaded = work.resolve("loaded");
        if (args.containsKey("broker-opts")) {
            BROKER_OPTIONS = List.of(args.get("broker-opts").trim().split("\\s+"));
        }
        if (Boolean.parseBoolean(args.getOrDefault("reuse", "false"))) {
            if (!Files.exists(loaded.resolve("civic-broker.mv"))) {
                throw new IllegalArgumentException("--reuse true: no loaded data in " + loaded);  // rather than deleting the directory and loading
            }
            System.out.printf("reusing the data loaded in %s (store file %d MB)%n", loaded, fileMb(loaded));
        } else {
            deleteTree(work);
            Files.createDirectories(work);
            load(jar, port, loadHeap, entities, catchUpMinutes, work, loaded);
        }
        if (Boolean.parseBoolean(args.getOrDefault("load-only", "false"))) {
            return;
        }
        List<Result> results = new ArrayList<>();
        for (int n = 0; n < heaps.size(); n++) {
            String heap = heaps.get(n);
            Path dir = work.resolve("run-" + (n + 1) + "-" + heap);
            deleteTree(dir);
            copyTree(loaded, dir.resolve("data"));
            results.add(run(n + 1, jar, port, notifyPort, heap, entities, subscriptions, threads, seconds, dir));
            System.out.println(Result.HEADER);
            results.forEach(System.out::println);
        }
        System.out.printf("%nall runs (%d s each, %d threads, %d subscriptions, %d entities)%n%s%n", seconds, threads, subscriptions, entities,
                Result.HEADER);
        results.forEach(System.out::println);
        System.out.println("\nmedian per heap");
        System.out.println(Result.HEADER);
        Map<String, Result> medians = new LinkedHashMap<>();
        for (String heap : new LinkedHashSet<>(heaps)) {
            Result m = Result.median(heap, results.stream().filter(r -> r.heap.equals(heap)).toList());
            medians.put(heap, m);
            System.out.println(m);
        }
        String reference = heaps.contains("default") ? "default" : heaps.get(heaps.size() - 1);
        for (Result m : medians.values()) {
            if (!m.heap.equals(reference) && medians.get(reference).reqPerSecond > 0) {
                System.out.printf("median req/s %s / %s: %.3f%n", m.heap, reference, m.reqPerSecond / medians.get(reference).reqPerSecond);
            }
        }
    }

    /** One run's figures (or the median of several: each figure's median on its own). */
    record Result(String run, String heap, double load, double reqPerSecond, long requests, long errors, long notifications, long maxRssMb,
            long hwmMb, double gcPauseSeconds, long gcPauses, long fullGcs, double allocatedGb, double cpuSeconds, String errorKinds) {

        static final String HEADER = String.format("%-6s %-8s %6s %8s %9s %7s %13s %9s %9s %10s %8s %8s %8s %8s  %s", "run", "heap", "load1",
                "req/s", "requests", "errors", "notifications", "maxRSS MB", "VmHWM MB", "GC pause s", "GC count", "full GCs", "alloc GB",
                "CPU s", "error kinds");

        @Override
        public String toString() {
            return String.format("%-6s %-8s %6.2f %8.2f %9d %7d %13d %9d %9d %10.2f %8d %8d %8.1f %8.1f  %s", run, heap, load, reqPerSecond, requests,
                    errors, notifications, maxRssMb, hwmMb, gcPauseSeconds, gcPauses, fullGcs, allocatedGb, cpuSeconds, errorKinds);
        }

        static Result median(String heap, List<Result> rs) {
            return new Result("median", heap, median(rs, Result::load), median(rs, Result::reqPerSecond),
                    Math.round(median(rs, r -> r.requests)), Math.round(median(rs, r -> r.errors)), Math.round(median(rs, r -> r.notifications)),
                    Math.round(median(rs, r -> r.maxRssMb)), Math.round(median(rs, r -> r.hwmMb)), median(rs, Result::gcPauseSeconds),
                    Math.round(median(rs, r -> r.gcPauses)), Math.round(median(rs, r -> r.fullGcs)), median(rs, Result::allocatedGb),
                    median(rs, Result::cpuSeconds),
                    "(" + rs.size() + " runs)");
        }

        static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
            double[] v = rs.stream().mapToDouble(f).sorted().toArray();
            if (v.length == 0) {
                return 0;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    static Process start(String jar, int port, String heap, Path data, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!heap.equals("default")) {
            cmd.add("-Xmx" + heap);
        }
        cmd.addAll(BROKER_OPTIONS);
        cmd.addAll(List.of("-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("NGSILD_DATA_DIR", data.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process broker = pb.start();
        try {
            waitUntilUp(broker, "http://localhost:" + port + "/version");
        } catch (Exception | Error e) {
            broker.destroyForcibly();
            throw e;
        }
        return broker;
    }

    /** Stops the broker cleanly (SIGTERM) and waits for it; returns the seconds it took. */
    static double stop(Process broker, int waitSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        broker.destroy();
        if (!broker.waitFor(waitSeconds, TimeUnit.SECONDS)) {
            System.out.printf("broker %d did not stop within %d s; killing it%n", broker.pid(), waitSeconds);
            broker.destroyForcibly();
            broker.waitFor(60, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Creates and updates the entities, waits until every consumer's backlog is 0, stops the broker
     * cleanly; then starts and stops it once more on the loaded data (start-up compaction).
     */
    static void load(String jar, int port, String heap, int entities, int catchUpMinutes, Path work, Path data) throws Exception {
        long tStart = System.nanoTime();
        Process broker = start(jar, port, heap, data, work.resolve("load-broker.log"));
        System.out.printf("[load, heap %s] broker up (pid %d) after %.0f s; load average %.2f; creating and updating %d entities%n", heap,
                broker.pid(), (System.nanoTime() - tStart) / 1e9, loadAverage(), entities);
        AtomicLong maxRss = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (broker.isAlive()) {
                maxRss.accumulateAndGet(rssMb(broker.pid(), "VmRSS"), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        boolean caughtUp = false;
        try {
            String base = "http://localhost:" + port + "/ngsi-ld/v1";
            long t0 = System.nanoTime();
            for (String phase : new String[] {"create", "update"}) {
                long tp = System.nanoTime();
                for (int from = 0; from < entities; from += 1000) {
                    StringBuilder body = new StringBuilder("[");
                    for (int i = from; i < Math.min(entities, from + 1000); i++) {
                        body.append(i > from ? "," : "").append("{\"id\":\"urn:ngsi-ld:MemProbe:").append(i)
                                .append("\",\"type\":\"MemProbe\",\"temperature\":{\"type\":\"Property\",\"value\":")
                                .append(phase.equals("create") ? i % 40 : i % 40 + 0.5)
                                .append("},\"name\":{\"type\":\"Property\",\"value\":\"probe ").append(i).append("\"}}");
                    }
                    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/entityOperations/" + phase))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())));
                    if (r.statusCode() >= 300) {
                        throw new IllegalStateException(phase + " at " + from + ": " + r.statusCode() + " " + r.body());
                    }
                }
                System.out.printf("[load] %s took %.0f s (%.0f s since the start); load average %.2f; RSS %d MB; backlog %s%n", phase,
                        (System.nanoTime() - tp) / 1e9, (System.nanoTime() - t0) / 1e9, loadAverage(), rssMb(broker.pid(), "VmRSS"),
                        asLongs(backlog(metrics(port))));
            }
            // caught up: every consumer's queue is empty (a change leaves the queue when its batch has been
            // handled and marked done), read twice 5 s apart
            long tc = System.nanoTime();
            long nextReport = tc;
            int zeroReads = 0;
            while (System.nanoTime() - tc < TimeUnit.MINUTES.toNanos(catchUpMinutes)) {
                Map<String, Double> backlog = backlog(metrics(port));
                boolean zero = !backlog.isEmpty() && backlog.values().stream().allMatch(v -> v == 0);
                zeroReads = zero ? zeroReads + 1 : 0;
                if (zeroReads >= 2) {
                    caughtUp = true;
                    break;
                }
                if (System.nanoTime() >= nextReport) {
                    System.out.printf("[load] catching up: %.0f s, backlog %s, RSS %d MB, load average %.2f%n", (System.nanoTime() - tc) / 1e9,
                            asLongs(backlog), rssMb(broker.pid(), "VmRSS"), loadAverage());
                    nextReport += TimeUnit.SECONDS.toNanos(60);
                }
                Thread.sleep(5000);
            }
            String m = metrics(port);
            System.out.printf("[load] history %s %.0f s after the update (%.0f s after the first create); journal position %d, consumer positions %s%n",
                    caughtUp ? "caught up (every backlog 0)" : "NOT caught up", (System.nanoTime() - tc) / 1e9, (System.nanoTime() - t0) / 1e9,
                    Math.round(sum(m, "ngsild_change_journal_position")), asLongs(gauges(m, "ngsild_change_consumer_position")));
            System.out.printf("[load] peak RSS while loading %d MB (VmHWM %d MB); GC pauses %.1f s (%d, %d full); broker CPU %.0f s%n",
                    maxRss.get(), rssMb(broker.pid(), "VmHWM"), sum(m, "jvm_gc_pause_seconds_sum"), Math.round(sum(m, "jvm_gc_pause_seconds_count")),
                    Math.round(sum(m, "jvm_gc_pause_seconds_count", "major GC")), cpuSeconds(broker.pid()));
        } finally {
            System.out.printf("[load] broker stopped in %.0f s; store file %d MB%n", stop(broker, 600), fileMb(data));
        }
        if (!caughtUp) {
            throw new IllegalStateException("the history did not catch up within " + catchUpMinutes + " minutes; the runs would replay it");
        }
        // once more: a start-up compaction of a mostly dead file happens here, not at every run
        long t1 = System.nanoTime();
        Process again = start(jar, port, heap, data, work.resolve("load-broker.log"));
        double up = (System.nanoTime() - t1) / 1e9;
        Thread.sleep(5000);
        Map<String, Double> backlog = backlog(metrics(port));
        System.out.printf("[load] restarted on the loaded data in %.0f s (backlog %s); stopped in %.0f s; store file %d MB; load took %.0f s in all%n",
                up, asLongs(backlog), stop(again, 600), fileMb(data), (System.nanoTime() - tStart) / 1e9);
    }

    static Result run(int n, String jar, int port, int notifyPort, String heap, int entities, int subscriptions, int threads, int seconds, Path dir)
            throws Exception {
        double load = loadAverage();
        System.out.printf("%n[run %d, %s] load average %.2f before the start (%s)%n", n, heap, load, Files.readString(Path.of("/proc/loadavg")).trim());
        long t0 = System.nanoTime();
        Process broker = start(jar, port, heap, dir.resolve("data"), dir.resolve("broker.log"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", notifyPort), 50);
        LongAdder notifications = new LongAdder();
        receiver.createContext("/notify", exchange -> {
            exchange.getRequestBody().readAllBytes();
            notifications.increment();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        java.util.concurrent.ExecutorService receiverPool = java.util.concurrent.Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiverPool);
        receiver.start();
        try {
            String base = "http://localhost:" + port + "/ngsi-ld/v1";
            System.out.printf("[run %d, %s] broker up (pid %d) on the loaded data after %.0f s; backlog %s%n", n, heap, broker.pid(),
                    (System.nanoTime() - t0) / 1e9, asLongs(backlog(metrics(port))));
            for (int s = 0; s < subscriptions; s++) {
                String sub = "{\"id\":\"urn:ngsi-ld:Subscription:mem-" + s + "\",\"type\":\"Subscription\",\"entities\":[{\"type\":\"MemProbe\"}],"
                        + "\"watchedAttributes\":[\"temperature\"],\"notification\":{\"format\":\"keyValues\",\"endpoint\":{\"uri\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/notify\",\"accept\":\"application/json\"}}}";
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/subscriptions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sub)));
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("subscription: " + r.statusCode() + " " + r.body());
                }
            }
            String before = metrics(port);
            double cpuBefore = cpuSeconds(broker.pid());
            System.out.printf("[run %d, %s] RSS %d MB; %d s of load from %d threads%n", n, heap, rssMb(broker.pid(), "VmRSS"), seconds, threads);
            LongAdder requests = new LongAdder();
            LongAdder errors = new LongAdder();
            Map<String, LongAdder> errorKinds = new java.util.concurrent.ConcurrentSkipListMap<>();
            AtomicLong maxRss = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        int id = random.nextInt(entities);
                        int p = random.nextInt(100);
                        HttpRequest.Builder rb;
                        String kind;
                        if (p < 60) {
                            kind = "get";
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities/urn:ngsi-ld:MemProbe:" + id));
                        } else if (p < 75) {
                            kind = "query";
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities?type=MemProbe&limit=20&q=temperature%3D%3D" + random.nextInt(40)));
                        } else if (p < 80) {
                            kind = "temporal";
                            rb = HttpRequest.newBuilder(URI.create(base + "/temporal/entities/urn:ngsi-ld:MemProbe:" + id + "?lastN=5"));
                        } else {
                            kind = "patch";
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities/urn:ngsi-ld:MemProbe:" + id + "/attrs"))
                                    .header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"temperature\":{\"type\":\"Property\",\"value\":"
                                            + random.nextInt(1000) + "}}"));
                        }
                        try {
                            int status = send(rb).statusCode();
                            if (status >= 400) {
                                errors.increment();
                                errorKinds.computeIfAbsent(kind + " " + status, k -> new LongAdder()).increment();
                            }
                        } catch (Exception e) {
                            errors.increment();
                            errorKinds.computeIfAbsent(kind + " " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                        }
                        requests.increment();
                    }
                });
                w.start();
                workers.add(w);
            }
            while (System.nanoTime() < end) {
                maxRss.accumulateAndGet(rssMb(broker.pid(), "VmRSS"), Math::max);
                Thread.sleep(1000);
            }
            for (Thread w : workers) {
                w.join();
            }
            long hwm = rssMb(broker.pid(), "VmHWM");
            double cpu = cpuSeconds(broker.pid()) - cpuBefore;
            String after = metrics(port);
            System.out.printf("[run %d, %s] after the load: backlog %s, heap used %d MB%n", n, heap, asLongs(backlog(after)),
                    Math.round(sum(after, "jvm_memory_used_bytes", "area=\"heap\"") / 1048576));
            Result r = new Result(String.valueOf(n), heap, load, requests.sum() / (double) seconds, requests.sum(), errors.sum(), notifications.sum(),
                    maxRss.get(), hwm, sum(after, "jvm_gc_pause_seconds_sum") - sum(before, "jvm_gc_pause_seconds_sum"),
                    Math.round(sum(after, "jvm_gc_pause_seconds_count") - sum(before, "jvm_gc_pause_seconds_count")),
                    Math.round(sum(after, "jvm_gc_pause_seconds_count", "major GC") - sum(before, "jvm_gc_pause_seconds_count", "major GC")),
                    (sum(after, "jvm_gc_memory_allocated_bytes_total") - sum(before, "jvm_gc_memory_allocated_bytes_total")) / 1e9, cpu,
                    errorKinds.isEmpty() ? "-" : errorKinds.toString());
            return r;
        } finally {
            stop(broker, 120);
            receiver.stop(0);
            receiverPool.shutdownNow();
            deleteTree(dir.resolve("data"));
        }
    }

    /** The text of /q/metrics (Prometheus format); empty if the broker did not answer. */
    static String metrics(int port) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")));
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of every series of a metric (each label set), only those whose labels contain {@code labelPart}. */
    static double sum(String metrics, String name, String labelPart) {
        double total = 0;
        for (Map.Entry<String, Double> e : series(metrics, name).entrySet()) {
            if (e.getKey().contains(labelPart)) {
                total += e.getValue();
            }
        }
        return total;
    }

    static double sum(String metrics, String name) {
        return sum(metrics, name, "");
    }

    /** The series of a metric: label text ("" without labels) to value. */
    static Map<String, Double> series(String metrics, String name) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : metrics.split("\n")) {
            if (l.startsWith(name + "{") || l.startsWith(name + " ")) {
                int space = l.lastIndexOf(' ');
                String labels = l.startsWith(name + "{") ? l.substring(name.length(), l.lastIndexOf('}') + 1) : "";
                try {
                    out.merge(labels, Double.parseDouble(l.substring(space + 1)), Double::sum);
                } catch (NumberFormatException ignored) {
                    // NaN or a timestamp: not a figure we read
                }
            }
        }
        return out;
    }

    /** A gauge per consumer: consumer name to value. */
    static Map<String, Double> gauges(String metrics, String name) {
        Map<String, Double> out = new java.util.TreeMap<>();
        series(metrics, name).forEach((labels, v) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("consumer=\"([^\"]*)\"").matcher(labels);
            out.put(m.find() ? m.group(1) : labels, v);
        });
        return out;
    }

    static Map<String, Double> backlog(String metrics) {
        return gauges(metrics, "ngsild_change_consumer_backlog");
    }

    static Map<String, Long> asLongs(Map<String, Double> gauges) {
        Map<String, Long> out = new java.util.TreeMap<>();
        gauges.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }

    /** The 1-minute load average of the machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User and system CPU time of a process in seconds (Linux, 100 clock ticks a second). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;  // utime, stime: fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Size of the files of a data directory in MB. */
    static long fileMb(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum() / 1048576;
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void waitUntilUp(Process broker, String url) throws Exception {
        for (int i = 0; i < 3600; i++) {  // 30 minutes: a start after an unclean stop checks the indexes
            if (!broker.isAlive()) {
                throw new IllegalStateException("the broker stopped at start-up");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the broker did not answer");
    }

    /** A field of /proc/<pid>/status in MB (Linux). */
    static long rssMb(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
