import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request latency of a running Civic Broker while its embedded store compacts online (issue 19,
 * docs/architecture.md "The file stays proportional to the data"). JDK only:
 *
 * <pre>
 * java bench/CompactionPauseBenchmark.java --url http://localhost:1026 --tenant pbench [--type T]
 *        [--seconds 120] [--readers 2] [--write-every-ms 2000] [--slow-ms 300]
 * </pre>
 *
 * Reads up to 1,000 entity ids of the tenant (of {@code --type}, or of the first type listed), then for
 * the given time sends GET /entities/{id} on random ids back to back from {@code readers} threads and
 * PATCH /entities/{id}/attrs (a no-op merge: {@code {}} is refused, so it sets a property
 * {@code compactionProbe}) from one writer thread every {@code write-every-ms}, whose acknowledgement waits
 * for the group commit (the online compaction runs in quiet moments, a second without a write, unless the
 * file is more than four times its live data).
 * Prints every request slower than {@code slow-ms} with the time it started (to set beside the broker's
 * "Embedded store compacted" log lines), and per kind: requests, errors, median, 99th percentile, max.
 * Start the broker on a store file that is mostly dead data, with {@code NGSILD_STORE_COMPACT_AT_START=0}
 * (otherwise it is compacted before the API opens) and the default {@code NGSILD_STORE_COMPACT_INTERVAL}.
 */
public class CompactionPauseBenchmark {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        String tenant = args.getOrDefault("tenant", "");
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "120"));
        int readers = Integer.parseInt(args.getOrDefault("readers", "2"));
        long slowMs = Long.parseLong(args.getOrDefault("slow-ms", "300"));
        long writeEvery = Long.parseLong(args.getOrDefault("write-every-ms", "2000"));
        String type = args.get("type");
        if (type == null) {
            Matcher m = Pattern.compile("\"typeList\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(get(base + "/types", tenant).body());
            if (!m.find()) {
                throw new IllegalStateException("no entity type in tenant " + tenant);
            }
            type = m.group(1);
        }
        String list = get(base + "/entities?type=" + enc(type) + "&limit=1000&options=keyValues", tenant).body();
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(list);
        while (m.find()) {
            ids.add(m.group(1));
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no entity of type " + type + ": " + list);
        }
        System.out.printf("%d ids of type %s; %d s, %d reader(s) and a writer every %d ms%n", ids.size(), type, seconds, readers, writeEvery);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> reads = Collections.synchronizedList(new ArrayList<>());
        List<Long> writes = Collections.synchronizedList(new ArrayList<>());
        long[] errors = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r <= readers; r++) {
            boolean writer = r == readers;
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    Instant at = Instant.now();
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = writer
                                ? send(HttpRequest.newBuilder(URI.create(base + "/entities/" + enc(id) + "/attrs"))
                                        .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                                "{\"compactionProbe\":{\"type\":\"Property\",\"value\":" + t0 + "}}"))
                                        .header("Content-Type", "application/json"), tenant).statusCode()
                                : get(base + "/entities/" + enc(id), tenant).statusCode();
                    } catch (Exception e) {
                        status = 599;
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    (writer ? writes : reads).add(ms);
                    if (status >= 400) {
                        synchronized (errors) {
                            errors[writer ? 1 : 0]++;
                        }
                    }
                    if (ms >= slowMs) {
                        System.out.printf("slow %s %s %d ms (status %d)%n", writer ? "PATCH" : "GET", at, ms, status);
                    }
                    if (writer && ms < writeEvery) {
                        try {
                            Thread.sleep(writeEvery - ms);  // pacing the load, not waiting for a result
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        report("GET", reads, errors[0]);
        report("PATCH", writes, errors[1]);
    }

    static void report(String kind, List<Long> latencies, long errors) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%s: no request%n", kind);
            return;
        }
        System.out.printf("%s: %d requests, %d errors, median %d ms, p99 %d ms, max %d ms%n", kind, sorted.size(), errors,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
    }

    static HttpResponse<String> get(String url, String tenant) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), tenant);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String tenant) throws Exception {
        request.timeout(Duration.ofSeconds(120)).header("Accept", "application/json");
        if (!tenant.isEmpty()) {
            request.header("NGSILD-Tenant", tenant);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
