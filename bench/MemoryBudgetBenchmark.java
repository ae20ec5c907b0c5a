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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Memory budget benchmark (issue 19): the broker with 100,000 entities with history, 10 subscriptions and a
 * wrk-style load (a fixed number of connections sending requests back to back for a fixed time), once
 * within a 1 GB heap and once with the JVM's default (unbounded: a quarter of the machine's memory). JDK
 * only:
 *
 * <pre>
 * java bench/MemoryBudgetBenchmark.java --jar target/quarkus-app/quarkus-run.jar [--port 1026]
 *        [--heaps 1g,default] [--entities 100000] [--subscriptions 10] [--threads 8] [--seconds 120]
 *        [--work-dir /tmp/memory-budget] [--reuse true]
 * </pre>
 *
 * It first loads the data once, with the broker jar under the first heap of the list on a fresh embedded
 * store (a file data directory under the work directory): creates the entities (batch create of 1,000;
 * type MemProbe, a number and a text) and updates each once (batch update: every entity then has two
 * history instances), waits until the temporal history has caught up, and stops the broker cleanly
 * (its peak RSS while loading is printed). Then, for each heap, it starts the broker on a copy of that
 * data directory, creates the subscriptions (each watching temperature of all MemProbe entities,
 * notifying a receiver in this process) and runs the load for the given time: per request 60% GET /entities/{id}, 15% GET /entities?type=MemProbe&q=... (limit 20),
 * 5% GET /temporal/entities/{id}?lastN=5, 20% PATCH /entities/{id}/attrs (each notifying every
 * subscription). It reports requests/s, errors (any status >= 400 or I/O failure), notifications received,
 * and the broker's RSS: the largest sampled once a second and the kernel's peak (VmHWM). Stops the broker
 * and deletes its data at the end. See docs/operations.md "Memory".
 */
public class MemoryBudgetBenchmark {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String jar = args.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar");
        int port = Integer.parseInt(args.getOrDefault("port", "1026"));
        int entities = Integer.parseInt(args.getOrDefault("entities", "100000"));
        int subscriptions = Integer.parseInt(args.getOrDefault("subscriptions", "10"));
        int threads = Integer.parseInt(args.getOrDefault("threads", "8"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "120"));
        Path work = Path.of(args.getOrDefault("work-dir", "/tmp/memory-budget"));
        String[] heaps = args.getOrDefault("heaps", "1g,default").split(",");
        Path loaded = work.resolve("loaded");
        if (args.containsKey("reuse") && Files.exists(loaded.resolve("civic-broker.mv"))) {
            System.out.println("reusing the data loaded in " + loaded);
        } else {
            deleteTree(work);
            Files.createDirectories(work);
            load(jar, port, heaps[0].trim(), entities, work, loaded);
        }
        List<String> results = new ArrayList<>();
        for (String heap : heaps) {
            Path dir = work.resolve("heap-" + heap.trim());
            deleteTree(dir);
            copyTree(loaded, dir.resolve("data"));
            results.add(run(jar, port, heap.trim(), entities, subscriptions, threads, seconds, dir));
        }
        System.out.printf("%n%-8s %9s %10s %8s %14s %12s %12s%n", "heap", "req/s", "requests", "errors", "notifications",
                "max RSS MB", "VmHWM MB");
        results.forEach(System.out::println);
    }

    static Process start(String jar, int port, String heap, Path data, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!heap.equals("default")) {
            cmd.add("-Xmx" + heap);
        }
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

    /** Creates and updates the entities, waits for the history to catch up, stops the broker cleanly. */
    static void load(String jar, int port, String heap, int entities, Path work, Path data) throws Exception {
        Process broker = start(jar, port, heap, data, work.resolve("load-broker.log"));
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
        try {
            String base = "http://localhost:" + port + "/ngsi-ld/v1";
            System.out.printf("[load, heap %s] broker up (pid %d); creating and updating %d entities%n", heap, broker.pid(), entities);
            long t0 = System.nanoTime();
            for (String phase : new String[] {"create", "update"}) {
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
                System.out.printf("[load] %s done after %.0f s%n", phase, (System.nanoTime() - t0) / 1e9);
            }
            // the last update is in the history: the temporal consumer (in journal order) has caught up
            String last = base + "/temporal/entities/urn:ngsi-ld:MemProbe:" + (entities - 1) + "?attrs=temperature";
            boolean caughtUp = false;
            for (int i = 0; i < 900 && !caughtUp; i++) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(last)));
                caughtUp = r.statusCode() == 200 && r.body().contains(String.valueOf((entities - 1) % 40 + 0.5));
                if (!caughtUp) {
                    Thread.sleep(1000);
                }
            }
            System.out.printf("[load] created and updated in %.0f s, history %s; peak RSS while loading %d MB (VmHWM %d MB)%n",
                    (System.nanoTime() - t0) / 1e9, caughtUp ? "caught up" : "NOT caught up after 15 minutes (the runs replay the rest)",
                    maxRss.get(), rssMb(broker.pid(), "VmHWM"));
        } finally {
            broker.destroy();
            broker.waitFor(300, TimeUnit.SECONDS);
        }
    }

    static String run(String jar, int port, String heap, int entities, int subscriptions, int threads, int seconds, Path dir) throws Exception {
        Process broker = start(jar, port, heap, dir.resolve("data"), dir.resolve("broker.log"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        LongAdder notifications = new LongAdder();
        receiver.createContext("/notify", exchange -> {
            exchange.getRequestBody().readAllBytes();
            notifications.increment();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
        try {
            String base = "http://localhost:" + port + "/ngsi-ld/v1";
            System.out.printf("[%s] broker up (pid %d) on the loaded data%n", heap, broker.pid());
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
            System.out.printf("[%s] RSS %d MB; %d s of load from %d threads%n", heap, rssMb(broker.pid(), "VmRSS"), seconds, threads);
            LongAdder requests = new LongAdder();
            LongAdder errors = new LongAdder();
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
                        if (p < 60) {
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities/urn:ngsi-ld:MemProbe:" + id));
                        } else if (p < 75) {
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities?type=MemProbe&limit=20&q=temperature%3D%3D" + random.nextInt(40)));
                        } else if (p < 80) {
                            rb = HttpRequest.newBuilder(URI.create(base + "/temporal/entities/urn:ngsi-ld:MemProbe:" + id + "?lastN=5"));
                        } else {
                            rb = HttpRequest.newBuilder(URI.create(base + "/entities/urn:ngsi-ld:MemProbe:" + id + "/attrs"))
                                    .header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"temperature\":{\"type\":\"Property\",\"value\":"
                                            + random.nextInt(1000) + "}}"));
                        }
                        try {
                            if (send(rb).statusCode() >= 400) {
                                errors.increment();
                            }
                        } catch (Exception e) {
                            errors.increment();
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
            String line = String.format("%-8s %9.1f %10d %8d %14d %12d %12d", heap, requests.sum() / (double) seconds,
                    requests.sum(), errors.sum(), notifications.sum(), maxRss.get(), hwm);
            System.out.println(line);
            return line;
        } finally {
            broker.destroy();
            broker.waitFor(120, TimeUnit.SECONDS);
            receiver.stop(0);
            deleteTree(dir.resolve("data"));
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
