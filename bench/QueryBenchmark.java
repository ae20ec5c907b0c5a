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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Query benchmark of a running Civic Broker (or any NGSI-LD broker). JDK only; run as a single-file
 * program:
 *
 * <pre>
 * java bench/QueryBenchmark.java [--url http://localhost:1026] [--entities 100000] [--tenant bench]
 *                                [--threads 8] [--warmup 5] [--reps 30] [--no-load]
 * </pre>
 *
 * Loads N entities (POST /ngsi-ld/v1/entities from a small thread pool) of four types with random
 * London locations and numeric attributes, then measures median and p95 latency of typical queries.
 * See docs/benchmark.md.
 */
public class QueryBenchmark {

    static final String[] TYPES = {"AirQualityObserved", "Streetlight", "FloodMonitoring", "WasteContainer"};
    static final double MIN_LON = -0.51, MAX_LON = 0.33, MIN_LAT = 51.28, MAX_LAT = 51.69;

    final String base;
    final String tenant;
    final int entities;
    final int threads;
    final int warmup;
    final int reps;
    final HttpClient http;

    QueryBenchmark(Map<String, String> args) {
        base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        tenant = args.getOrDefault("tenant", "bench");
        entities = Integer.parseInt(args.getOrDefault("entities", "100000"));
        threads = Integer.parseInt(args.getOrDefault("threads", "8"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
        reps = Integer.parseInt(args.getOrDefault("reps", "30"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(threads, QueryBenchmark::daemon))
                .build();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String name = argv[i].substring(2);
            if (name.equals("no-load") || name.equals("help")) {
                args.put(name, "true");
            } else {
                args.put(name, argv[++i]);
            }
        }
        if (args.containsKey("help")) {
            System.out.println("java bench/QueryBenchmark.java [--url http://localhost:1026] [--entities 100000]"
                    + " [--tenant bench] [--threads 8] [--warmup 5] [--reps 30] [--no-load]");
            return;
        }
        new QueryBenchmark(args).run(args.containsKey("no-load"));
        System.exit(0);
    }

    static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "bench");
        t.setDaemon(true);
        return t;
    }

    void run(boolean noLoad) throws Exception {
        System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s, max heap of this client %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.printf(Locale.ROOT, "Broker: %s, tenant %s, %d entities%n", base, tenant, entities);
        if (!noLoad) {
            load();
        }
        long stored = count("type=" + String.join(",", TYPES));
        System.out.printf(Locale.ROOT, "Entities of the benchmark types in the tenant: %d%n%n", stored);

        String allTypes = "type=" + enc(String.join(",", TYPES));
        int deep = (int) Math.max(0, Math.min(90_000, stored - 100));
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("type (limit 100)", "type=AirQualityObserved&limit=100");
        queries.put("type + q NO2>40 (limit 100)", "type=AirQualityObserved&q=" + enc("NO2>40") + "&limit=100");
        queries.put("geo near;maxDistance==1000", "georel=" + enc("near;maxDistance==1000")
                + "&geometry=Point&coordinates=" + enc("[-0.1276,51.5072]") + "&limit=100");
        queries.put("geo within polygon", "georel=within&geometry=Polygon&coordinates="
                + enc("[[[-0.15,51.49],[-0.10,51.49],[-0.10,51.52],[-0.15,51.52],[-0.15,51.49]]]") + "&limit=100");
        queries.put("deep page offset=" + deep + " limit=100", allTypes + "&offset=" + deep + "&limit=100");
        queries.put("count=true&limit=0", allTypes + "&count=true&limit=0");

        System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %8s%n", "query", "median ms", "p95 ms", "max ms", "results");
        for (var q : queries.entrySet()) {
            measure(q.getKey(), q.getValue());
        }
    }

    void load() throws Exception {
        Random random = new Random(20260101L);
        List<String> bodies = new ArrayList<>(entities);
        for (int i = 0; i < entities; i++) {
            bodies.add(entity(i, random));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, QueryBenchmark::daemon);
        AtomicLong failed = new AtomicLong();
        AtomicLong existing = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        int chunk = (entities + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            List<String> part = bodies.subList(Math.min(entities, t * chunk), Math.min(entities, (t + 1) * chunk));
            all.add(pool.submit(() -> {
                for (String body : part) {
                    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/entities"))
                            .header("Content-Type", "application/json")
                            .header("NGSILD-Tenant", tenant)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                    if (r.statusCode() == 409) {
                        existing.incrementAndGet();
                    } else if (r.statusCode() != 201) {
                        if (failed.incrementAndGet() <= 3) {
                            System.err.println("create failed: " + r.statusCode() + " " + r.body());
                        }
                    }
                }
                return null;
            }));
        }
        long next = System.nanoTime() + 10_000_000_000L;
        for (Future<?> f : all) {
            while (true) {
                try {
                    f.get(1, java.util.concurrent.TimeUnit.SECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > next) {
                        next = System.nanoTime() + 10_000_000_000L;
                        System.out.printf(Locale.ROOT, "  loading... %.0f s%n", (System.nanoTime() - start) / 1e9);
                    }
                }
            }
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Load: %d entities in %.1f s = %.0f entities/s with %d client threads"
                        + " (%d already existed, %d failed)%n",
                entities, seconds, entities / seconds, threads, existing.get(), failed.get());
    }

    static String entity(int i, Random r) {
        String type = TYPES[i % TYPES.length];
        double lon = MIN_LON + r.nextDouble() * (MAX_LON - MIN_LON);
        double lat = MIN_LAT + r.nextDouble() * (MAX_LAT - MIN_LAT);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "{\"id\":\"urn:ngsi-ld:%s:%07d\",\"type\":\"%s\",", type, i, type));
        switch (type) {
            case "AirQualityObserved" -> b.append(prop("NO2", r.nextInt(100))).append(prop("PM10", r.nextInt(80)))
                    .append(prop("temperature", Math.round(r.nextDouble() * 300) / 10.0));
            case "Streetlight" -> b.append(prop("illuminanceLevel", Math.round(r.nextDouble() * 100) / 100.0))
                    .append("\"powerState\":{\"type\":\"Property\",\"value\":\"" + (r.nextBoolean() ? "on" : "off") + "\"},");
            case "FloodMonitoring" -> b.append(prop("waterLevel", Math.round(r.nextDouble() * 500) / 100.0));
            default -> b.append(prop("fillingLevel", Math.round(r.nextDouble() * 100) / 100.0));
        }
        b.append(String.format(Locale.ROOT,
                "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}}",
                lon, lat));
        return b.toString();
    }

    static String prop(String name, Object value) {
        return "\"" + name + "\":{\"type\":\"Property\",\"value\":" + value + "},";
    }

    void measure(String name, String query) throws Exception {
        URI uri = URI.create(base + "/entities?" + query);
        HttpRequest request = HttpRequest.newBuilder(uri).header("NGSILD-Tenant", tenant)
                .header("Accept", "application/json").timeout(Duration.ofMinutes(5)).GET().build();
        String results = "?";
        for (int i = 0; i < warmup; i++) {
            check(send(request), uri);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = send(request);
            millis.add((System.nanoTime() - start) / 1e6);
            check(r, uri);
            results = r.headers().firstValue("NGSILD-Results-Count")
                    .orElse(String.valueOf(countIds(r.body())));
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.1f %8s%n", name, percentile(millis, 50),
                percentile(millis, 95), millis.get(millis.size() - 1), results);
    }

    long count(String query) throws Exception {
        URI uri = URI.create(base + "/entities?" + query.replace(",", "%2C") + "&count=true&limit=0");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("NGSILD-Tenant", tenant).GET().build());
        if (r.statusCode() == 404) {
            return 0;
        }
        check(r, uri);
        return Long.parseLong(r.headers().firstValue("NGSILD-Results-Count").orElse("0"));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> r, URI uri) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + r.body());
        }
    }

    static int countIds(String body) {
        int n = 0;
        for (int i = body.indexOf("\"id\":\"urn:"); i >= 0; i = body.indexOf("\"id\":\"urn:", i + 1)) {
            n++;
        }
        return n;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
