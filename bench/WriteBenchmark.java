import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Single-entity write benchmark of a running Civic Broker (or any NGSI-LD broker). JDK only:
 *
 * <pre>
 * java bench/WriteBenchmark.java [--url http://localhost:1026] [--entities 200] [--writes 2000]
 *                                [--threads 1,4] [--tenant bench-writes-&lt;random&gt;]
 * </pre>
 *
 * Creates N entities, then for each thread count sends the given number of
 * {@code PATCH /entities/{id}/attrs} (one numeric attribute, spread over the entities) and reports
 * writes/s and the median and p95 latency. For comparison it runs the same number of
 * {@code GET /entities/{id}} first. See docs/benchmark.md.
 */
public class WriteBenchmark {

    final String base;
    final String tenant;
    final int entities;
    final int writes;
    final List<Integer> threads = new ArrayList<>();
    final HttpClient http;

    WriteBenchmark(Map<String, String> args) {
        base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        tenant = args.getOrDefault("tenant", "bench-writes-" + UUID.randomUUID().toString().substring(0, 8));
        entities = Integer.parseInt(args.getOrDefault("entities", "200"));
        writes = Integer.parseInt(args.getOrDefault("writes", "2000"));
        for (String t : args.getOrDefault("threads", "1,4").split(",")) {
            threads.add(Integer.parseInt(t.trim()));
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String key = argv[i].substring(2);
            if (key.equals("help")) {
                System.out.println("java bench/WriteBenchmark.java [--url U] [--entities N] [--writes N] [--threads 1,4] [--tenant T]");
                return;
            }
            args.put(key, argv[++i]);
        }
        new WriteBenchmark(args).run();
    }

    String id(int i) {
        return "urn:ngsi-ld:Sensor:wb-" + i;
    }

    void run() throws Exception {
        System.out.printf("Creating %d entities in tenant %s%n", entities, tenant);
        for (int i = 0; i < entities; i++) {
            String body = "{\"id\":\"" + id(i) + "\",\"type\":\"Sensor\",\"temperature\":{\"type\":\"Property\",\"value\":0}}";
            expect(send(request("/entities").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))), 201);
        }
        for (int t : threads) {
            measure("GET", t, n -> request("/entities/" + id(n % entities)).GET(), 200);
            measure("PATCH", t, n -> request("/entities/" + id(n % entities) + "/attrs")
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"temperature\":{\"type\":\"Property\",\"value\":" + n + "}}")), 204);
        }
    }

    interface Req {
        HttpRequest.Builder of(int n);
    }

    void measure(String name, int threadCount, Req req, int status) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < threadCount; w++) {
            int first = w;
            futures.add(pool.submit(() -> {
                for (int n = first; n < writes; n += threadCount) {
                    long t0 = System.nanoTime();
                    expect(send(req.of(n)), status);
                    micros.add((System.nanoTime() - t0) / 1000);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-5s threads=%d  %6.0f req/s  median %6.2f ms  p95 %6.2f ms%n", name, threadCount,
                sorted.size() / seconds, sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.95)) / 1000.0);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("NGSILD-Tenant", tenant).header("Accept", "application/json");
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
    }
}
