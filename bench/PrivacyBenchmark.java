import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Export and disposal benchmark of a running Civic Broker (issue 17). JDK only; run as a single-file program:
 *
 * <pre>
 * java bench/PrivacyBenchmark.java [--url http://localhost:1026] [--entities 100000] [--instances 1000000]
 *                                  [--tenant pbench] [--phases load,export,transfer,dispose]
 *                                  [--import-url http://localhost:1027]
 * </pre>
 *
 * Loads --entities AirQualityReading entities (batch upsert, 1,000 per request) and --instances history
 * instances of NO2 spread over them (temporal API, observedAt one minute apart from 2026-01-01, so they are
 * all older than a day), declares the type in the data register (history retention P1D), then measures:
 * <ul>
 * <li>export of the current state as NDJSON and as CSV ({@code /x-export/all/entities}) and of the history as
 * NDJSON and as CSV ({@code /x-export/all/history}): duration, items/s, MB/s, and the broker's peak heap while it runs
 * (sampled from {@code jvm_memory_used_bytes{area="heap"}} at /q/metrics every 100 ms);</li>
 * <li>(phase transfer, only when asked for) a full tenant export ({@code GET /x-export/tenant}) to a temporary
 * file and its import ({@code POST /x-export/tenant}, one streamed request) into the same tenant of the broker at
 * --import-url (an empty store): duration, documents/s, MB/s, and each broker's peak heap;</li>
 * <li>a disposal run deleting every history instance ({@code POST /x-register/disposals/run}): duration,
 * instances/s, the broker's peak heap while it runs, and the p50/p99 latency of GET /entities/{id} issued
 * back to back by one reader during the run, against the same GETs in the 30 s before it (after 30 s of
 * discarded warm-up GETs) and in the 30 s after it.</li>
 * </ul>
 * The disposal deletes the history. --phases picks the phases (comma-separated, default all three), so a
 * store loaded once (a persistent NGSILD_DATA_DIR) can be measured again by a restarted broker.
 */
public class PrivacyBenchmark {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)");

    final String url;
    final String base;
    final String tenant;
    final int entities;
    final int instances;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    PrivacyBenchmark(Map<String, String> a) {
        url = a.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "");
        base = url + "/ngsi-ld/v1";
        tenant = a.getOrDefault("tenant", "pbench");
        entities = Integer.parseInt(a.getOrDefault("entities", "100000"));
        instances = Integer.parseInt(a.getOrDefault("instances", "1000000"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--no-load")) {
                a.put("phases", "export");
            } else if (argv[i].startsWith("--") && i + 1 < argv.length) {
                a.put(argv[i].substring(2), argv[++i]);
            }
        }
        List<String> phases = List.of(a.getOrDefault("phases", "load,export,dispose").split(","));
        String importUrl = a.getOrDefault("import-url", "http://localhost:1027").replaceAll("/+$", "");
        PrivacyBenchmark b = new PrivacyBenchmark(a);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        if (phases.contains("load")) {
            b.load();
        }
        if (phases.contains("export")) {
            b.export("/x-export/all/entities?format=ndjson", "current state NDJSON");
            b.export("/x-export/all/entities?format=csv", "current state CSV");
            b.export("/x-export/all/history", "history NDJSON");
            b.export("/x-export/all/history?format=csv", "history CSV");
        }
        if (phases.contains("transfer")) {
            b.transfer(importUrl);
        }
        if (phases.contains("dispose")) {
            b.disposal();
        }
    }

    static String id(int i) {
        return "urn:ngsi-ld:AirQualityReading:bench-" + i;
    }

    void load() throws Exception {
        long t0 = System.nanoTime();
        for (int from = 0; from < entities; from += 1000) {
            StringBuilder b = new StringBuilder("[");
            for (int i = from; i < Math.min(entities, from + 1000); i++) {
                if (i > from) {
                    b.append(',');
                }
                double lon = -0.2 + (i % 1000) * 0.0001;
                double lat = 51.45 + (i / 1000 % 100) * 0.001;
                b.append("{\"id\":\"").append(id(i)).append("\",\"type\":\"AirQualityReading\",")
                        .append("\"NO2\":{\"type\":\"Property\",\"value\":").append(i % 80).append(",\"unitCode\":\"GQ\"},")
                        .append("\"name\":{\"type\":\"Property\",\"value\":\"Sensor ").append(i).append(", Example Road\"},")
                        .append("\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[")
                        .append(lon).append(',').append(lat).append("]}}}");
            }
            send("POST", "/entityOperations/upsert", b.append(']').toString(), "application/json");
        }
        System.out.printf(Locale.ROOT, "loaded %,d entities in %.1f s%n", entities, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        int sensors = Math.max(1, Math.min(entities, instances / 1000));
        int per = instances / sensors;
        for (int s = 0; s < sensors; s++) {
            StringBuilder b = new StringBuilder("{\"id\":\"").append(id(s)).append("\",\"type\":\"AirQualityReading\",\"NO2\":[");
            for (int k = 0; k < per; k++) {
                if (k > 0) {
                    b.append(',');
                }
                b.append("{\"type\":\"Property\",\"value\":").append(k % 90).append(",\"observedAt\":\"")
                        .append(START.plusSeconds(60L * k)).append("\"}");
            }
            send("POST", "/temporal/entities", b.append("]}").toString(), "application/json");
        }
        System.out.printf(Locale.ROOT, "loaded %,d history instances (%d sensors x %d) in %.1f s%n", (long) sensors * per, sensors,
                per, (System.nanoTime() - t0) / 1e9);
        String entry = "{\"purpose\":\"benchmark\",\"legalBasis\":\"none\",\"organisation\":\"bench\",\"contact\":\"bench\","
                + "\"personalData\":\"none\",\"disposal\":\"deleted\",\"open\":true,\"retention\":{\"history\":\"P1D\"}}";
        send("PUT", "/x-register/datasets/AirQualityReading", entry, "application/json");
        t0 = System.nanoTime();
        drain();
        System.out.printf(Locale.ROOT, "change consumers drained (history of the entity writes recorded) after %.1f s more%n",
                (System.nanoTime() - t0) / 1e9);
    }

    static final Pattern BACKLOG = Pattern.compile("(?m)^ngsild_change_consumer_backlog\\{[^}]*} ([0-9.eE+]+)");

    /** Waits until every change consumer's backlog is empty (the recorder has written the history of every write). */
    void drain() throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < end) {
            String m = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher x = BACKLOG.matcher(m);
            double sum = 0;
            while (x.find()) {
                sum += Double.parseDouble(x.group(1));
            }
            if (sum == 0) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** The machine's 1-minute load average (Linux), printed beside each figure: other work shares the cores. */
    static String machineLoad() {
        try {
            return "load " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "load n/a";
        }
    }

    void export(String path, String label) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(heap(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long before = heap();
        String loadBefore = machineLoad();
        sampler.start();
        long t0 = System.nanoTime();
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofHours(1))
                .header("NGSILD-Tenant", tenant).GET().build();
        HttpResponse<InputStream> resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = resp.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        sampler.join();
        System.out.printf(Locale.ROOT, "export %-20s status %d: %,d lines, %.1f MB in %.1f s = %,.0f lines/s, %.1f MB/s; "
                + "broker heap %.0f MB before, peak %.0f MB; %s at start, %s at end%n", label, resp.statusCode(), lines, bytes / 1e6, s, lines / s,
                bytes / 1e6 / s, before / 1e6, peak.get() / 1e6, loadBefore, machineLoad());
    }

    /** Peak heap of a broker sampled every 100 ms while {@code work} runs. */
    static final class HeapSampler implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong peak = new AtomicLong();
        final long before;
        final Thread thread;

        HeapSampler(PrivacyBenchmark b, String brokerUrl) {
            before = b.heap(brokerUrl);
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(b.heap(brokerUrl), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    void transfer(String importUrl) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("pbench-tenant", ".ndjson");
        try {
            String load0 = machineLoad();
            long t0 = System.nanoTime();
            long lines;
            HttpResponse<java.nio.file.Path> resp;
            try (HeapSampler heap = new HeapSampler(this, url)) {
                resp = http.send(HttpRequest.newBuilder(URI.create(base + "/x-export/tenant")).timeout(Duration.ofHours(2))
                        .header("NGSILD-Tenant", tenant).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
                heap.close();
                try (var in = java.nio.file.Files.lines(file)) {
                    lines = in.count();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                long bytes = java.nio.file.Files.size(file);
                System.out.printf(Locale.ROOT, "tenant export status %d: %,d documents, %.1f MB in %.1f s = %,.0f documents/s, %.1f MB/s; "
                        + "broker heap %.0f MB before, peak %.0f MB; %s at start, %s at end%n", resp.statusCode(), lines, bytes / 1e6, s,
                        lines / s, bytes / 1e6 / s, heap.before / 1e6, heap.peak.get() / 1e6, load0, machineLoad());
            }
            load0 = machineLoad();
            t0 = System.nanoTime();
            try (HeapSampler heap = new HeapSampler(this, importUrl)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(importUrl + "/ngsi-ld/v1/x-export/tenant"))
                        .timeout(Duration.ofHours(2)).header("NGSILD-Tenant", tenant).header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                heap.close();
                double s = (System.nanoTime() - t0) / 1e9;
                long bytes = java.nio.file.Files.size(file);
                System.out.printf(Locale.ROOT, "tenant import status %d (%s): %.1f MB in one request in %.1f s = %,.0f documents/s, %.1f MB/s; "
                        + "importing broker heap %.0f MB before, peak %.0f MB; %s at start, %s at end%n", r.statusCode(),
                        r.body().length() > 200 ? r.body().substring(0, 200) : r.body(), bytes / 1e6, s, lines / s, bytes / 1e6 / s,
                        heap.before / 1e6, heap.peak.get() / 1e6, load0, machineLoad());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    void disposal() throws Exception {
        gets(Duration.ofSeconds(30), null);  // warm-up, discarded: a freshly started broker's first GETs run cold (JIT)
        String loadBefore = machineLoad();
        List<Long> baseline = gets(Duration.ofSeconds(30), null);
        AtomicBoolean done = new AtomicBoolean();
        List<Long> during = Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            try {
                during.addAll(gets(null, done));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        String loadStart = machineLoad();
        String records;
        double s;
        long heapBefore;
        long heapPeak;
        try (HeapSampler heap = new HeapSampler(this, url)) {
            load.start();
            long t0 = System.nanoTime();
            records = send("POST", "/x-register/disposals/run", null, null);
            s = (System.nanoTime() - t0) / 1e9;
            done.set(true);
            load.join();
            heap.close();
            heapBefore = heap.before;
            heapPeak = heap.peak.get();
        }
        Matcher m = Pattern.compile("\"rule\"\\s*:\\s*\"history\"[^}]*\"count\"\\s*:\\s*(\\d+)|\"count\"\\s*:\\s*(\\d+)[^}]*\"rule\"\\s*:\\s*\"history\"")
                .matcher(records);
        long deleted = m.find() ? Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)) : -1;
        System.out.printf(Locale.ROOT, "disposal run: %,d history instances deleted in %.1f s = %,.0f instances/s; broker heap %.0f MB before, "
                + "peak %.0f MB; %s before the baseline, %s at start, %s at end; records %s%n", deleted, s, deleted / s,
                heapBefore / 1e6, heapPeak / 1e6, loadBefore, loadStart, machineLoad(), records);
        String loadAfter = machineLoad();
        List<Long> after = gets(Duration.ofSeconds(30), null);
        System.out.printf(Locale.ROOT, "GET /entities/{id} before: n=%d p50 %.1f ms p99 %.1f ms; during disposal: n=%d p50 %.1f ms p99 %.1f ms; "
                + "after: n=%d p50 %.1f ms p99 %.1f ms (%s at its start)%n", baseline.size(), pct(baseline, 50), pct(baseline, 99),
                during.size(), pct(during, 50), pct(during, 99), after.size(), pct(after, 50), pct(after, 99), loadAfter);
    }

    /** Back-to-back GETs of random entities, for a duration or until {@code stop}; latencies in ns. */
    List<Long> gets(Duration d, AtomicBoolean stop) throws Exception {
        List<Long> out = new ArrayList<>();
        long end = d == null ? Long.MAX_VALUE : System.nanoTime() + d.toNanos();
        java.util.Random rnd = new java.util.Random(7);
        while (System.nanoTime() < end && (stop == null || !stop.get())) {
            long t0 = System.nanoTime();
            send("GET", "/entities/" + id(rnd.nextInt(entities)), null, null);
            out.add(System.nanoTime() - t0);
        }
        return out;
    }

    static double pct(List<Long> ns, int p) {
        if (ns.isEmpty()) {
            return Double.NaN;
        }
        List<Long> s = new ArrayList<>(ns);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
    }

    long heap() {
        return heap(url);
    }

    long heap(String brokerUrl) {
        try {
            String m = http.send(HttpRequest.newBuilder(URI.create(brokerUrl + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher x = HEAP.matcher(m);
            double sum = 0;
            while (x.find()) {
                sum += Double.parseDouble(x.group(1));
            }
            return (long) sum;
        } catch (Exception e) {
            return 0;
        }
    }

    String send(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofHours(1))
                .header("NGSILD-Tenant", tenant);
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 207) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
