import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subscription/notification benchmark of a running Civic Broker (or any NGSI-LD broker). JDK only:
 *
 * <pre>
 * java bench/SubscriptionBenchmark.java [--url http://localhost:1026] [--subscriptions 1000] [--entities 100]
 *                                       [--updates 2000] [--threads 4] [--receiver-host 127.0.0.1]
 * </pre>
 *
 * Starts an HTTP receiver in this process, creates E entities (each of its own type) and N subscriptions
 * (subscription i watches 'speed' of the type i mod E, keyValues), then sends U attribute updates from a
 * few threads; every update therefore fires N/E subscriptions. The value written is the update's
 * sequence number, so the receiver measures write-to-receipt latency of every notification. Reports
 * notifications/s (first write to last receipt), p50/p99 latency and how many notifications were missing.
 * See docs/subscriptions.md.
 */
public class SubscriptionBenchmark {

    static final Pattern SPEED = Pattern.compile("\"speed\":(\\d+)");

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        int subs = Integer.parseInt(args.getOrDefault("subscriptions", "1000"));
        int entities = Integer.parseInt(args.getOrDefault("entities", "100"));
        int updates = Integer.parseInt(args.getOrDefault("updates", "2000"));
        int threads = Integer.parseInt(args.getOrDefault("threads", "4"));
        String tenant = args.getOrDefault("tenant", "bench-" + UUID.randomUUID().toString().substring(0, 8));
        String host = args.getOrDefault("receiver-host", "127.0.0.1");

        AtomicLongArray sentAt = new AtomicLongArray(updates);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastReceipt = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            Matcher m = SPEED.matcher(body);
            while (m.find()) {
                int seq = Integer.parseInt(m.group(1));
                if (seq < updates && sentAt.get(seq) != 0) {
                    latencies.add(now - sentAt.get(seq));
                    received.incrementAndGet();
                }
            }
            lastReceipt.set(now);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        String receiver = "http://" + host + ":" + server.getAddress().getPort() + "/notify";

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(threads)).connectTimeout(Duration.ofSeconds(10)).build();
        System.out.printf(Locale.ROOT, "tenant %s: %d entities, %d subscriptions, %d updates, %d threads%n",
                tenant, entities, subs, updates, threads);
        for (int e = 0; e < entities; e++) {
            send(http, "POST", base + "/entities", tenant, "{\"id\":\"" + id(e) + "\",\"type\":\"BenchType" + e
                    + "\",\"speed\":{\"type\":\"Property\",\"value\":" + updates + "}}", 201);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < subs; i++) {
            send(http, "POST", base + "/subscriptions", tenant, "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"BenchType"
                    + (i % entities) + "\"}],\"watchedAttributes\":[\"speed\"],\"notification\":{\"format\":\"keyValues\","
                    + "\"attributes\":[\"speed\"],\"endpoint\":{\"uri\":\"" + receiver + "\"}}}", 201);
        }
        System.out.printf(Locale.ROOT, "created %d subscriptions in %.1f s%n", subs, (System.nanoTime() - t0) / 1e9);

        long expected = 0;
        for (int u = 0; u < updates; u++) {
            int e = u % entities;
            expected += subs / entities + (e < subs % entities ? 1 : 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                for (int u = next.getAndIncrement(); u < updates; u = next.getAndIncrement()) {
                    sentAt.set(u, System.nanoTime());
                    send(http, "PATCH", base + "/entities/" + URLEncoder.encode(id(u % entities), StandardCharsets.UTF_8) + "/attrs",
                            tenant, "{\"speed\":{\"type\":\"Property\",\"value\":" + u + "}}", 204);
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        long writesDone = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout", "300"))).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double secs = (lastReceipt.get() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "writes: %d in %.1f s (%.0f/s)%n", updates, (writesDone - start) / 1e9,
                updates / ((writesDone - start) / 1e9));
        System.out.printf(Locale.ROOT, "notifications: %d of %d received in %.1f s = %.0f notifications/s%n",
                received.get(), expected, secs, received.get() / secs);
        if (!sorted.isEmpty()) {
            System.out.printf(Locale.ROOT, "write-to-receipt latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
        }
        System.out.printf(Locale.ROOT, "missing: %d%n", expected - received.get());
        server.stop(0);
        System.exit(0);
    }

    static String id(int e) {
        return "urn:ngsi-ld:BenchType" + e + ":" + e;
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    static void send(HttpClient http, String method, String url, String tenant, String body, int status) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .header("NGSILD-Tenant", tenant).method(method, HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + ": " + r.body());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        }
    }
}
