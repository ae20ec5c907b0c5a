import java.io.File;
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

/**
 * Three-broker federation check and benchmark (issue 15). JDK only; run as a single-file program from the
 * repository root after building the jar:
 *
 * <pre>
 * java bench/FederationBenchmark.java [--jar target/quarkus-app/quarkus-run.jar] [--port 18031]
 *                                     [--entities 500] [--warmup 20] [--reps 200] [--timeout 2S]
 * </pre>
 *
 * Starts three brokers on loopback ports (empty in-memory stores): camden and hackney each hold their own
 * AirQualityObserved entities; london registers both (inclusive, retrieveOps + retrieveTemporal +
 * queryTemporal) and holds, in a separate tenant "local", a copy of all of them. It then checks that a query
 * to london returns both boroughs' entities, with paging, q, a geo-query and a temporal query working across
 * them; that with hackney stopped london answers
 * camden's part within the configured timeout and names the failing source in NGSILD-Warning; and that a
 * registration cycle (camden registers london) terminates. It measures p50/p99 latency of the same queries
 * (entity queries, a temporal query, a retrieval) federated (london's default tenant, two sources) and local
 * (tenant "local"). The ITs check the same behaviour on every verify (FederationIT); this is the benchmark. Every check prints PASS or FAIL; the exit
 * status is the number of failed checks. See docs/federation.md.
 */
public class FederationBenchmark {

    static final double MIN_LON = -0.51, MAX_LON = 0.33, MIN_LAT = 51.28, MAX_LAT = 51.69;

    final String jar;
    final int port;
    final int entities;
    final int warmup;
    final int reps;
    final String timeout;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final List<Process> brokers = new ArrayList<>();
    int failures;

    FederationBenchmark(Map<String, String> args) {
        jar = args.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar");
        port = Integer.parseInt(args.getOrDefault("port", "18031"));
        entities = Integer.parseInt(args.getOrDefault("entities", "500"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "20"));
        reps = Integer.parseInt(args.getOrDefault("reps", "200"));
        timeout = args.getOrDefault("timeout", "2S");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        FederationBenchmark b = new FederationBenchmark(args);
        try {
            b.run();
        } finally {
            b.brokers.forEach(Process::destroy);
        }
        System.exit(b.failures);
    }

    String url(int p) {
        return "http://127.0.0.1:" + p + "/ngsi-ld/v1";
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s (shared machine: figures are indicative)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        int camden = port, hackney = port + 1, london = port + 2;
        Process hackneyProcess = start(hackney, "hackney");
        start(camden, "camden");
        start(london, "london");
        for (int p : new int[] {camden, hackney, london}) {
            awaitUp(p);
        }
        Random r = new Random(15);
        for (int i = 0; i < entities; i++) {
            String c = entity("camden", i, r), h = entity("hackney", i, r);
            post(url(camden) + "/entities", c, null);
            post(url(hackney) + "/entities", h, null);
            post(url(london) + "/entities", c, "local");
            post(url(london) + "/entities", h, "local");
        }
        register(london, camden, "camden", null);
        register(london, hackney, "hackney", null);

        String q = "/entities?type=AirQualityObserved&count=true&limit=100";
        HttpResponse<String> all = get(url(london) + q, null, Map.of());
        // pages are in id order: the first page holds camden's entities, the count both boroughs'
        check("query counts both boroughs (" + all.headers().firstValue("NGSILD-Results-Count").orElse("no count") + " of "
                + (2 * entities) + ")", all.statusCode() == 200
                && ("" + (2 * entities)).equals(all.headers().firstValue("NGSILD-Results-Count").orElse("")));
        HttpResponse<String> page2 = get(url(london) + "/entities?type=AirQualityObserved&limit=10&offset=" + (entities - 5), null, Map.of());
        check("paging across sources (page straddles camden/hackney)", page2.body().contains("camden-") && page2.body().contains("hackney-"));
        HttpResponse<String> local = get(url(london) + "/entities?type=AirQualityObserved&limit=10&offset=" + (entities - 5), "local", Map.of());
        check("the federated page equals the same page of a single broker holding all", ids(page2.body()).equals(ids(local.body())));
        String qq = "/entities?type=AirQualityObserved&q=" + enc("no2>90") + "&count=true&limit=1000";
        long fq = count(get(url(london) + qq, null, Map.of())), lq = count(get(url(london) + qq, "local", Map.of()));
        check("q across sources (" + fq + " federated, " + lq + " local)", fq == lq);
        String geo = "/entities?type=AirQualityObserved&georel=" + enc("near;maxDistance==3000")
                + "&geometry=Point&coordinates=" + enc("[-0.1,51.5]") + "&count=true&limit=1000";
        long fg = count(get(url(london) + geo, null, Map.of())), lg = count(get(url(london) + geo, "local", Map.of()));
        check("geo-query across sources (" + fg + " federated, " + lg + " local)", fg == lg);

        // a temporal query across the boroughs (clause 5.7.4 distributed); the history is recorded asynchronously
        String tq = "/temporal/entities?type=AirQualityObserved&attrs=no2&timerel=after&timeAt=" + enc("2026-11-01T00:00:00Z")
                + "&count=true&limit=100";
        awaitCount(url(london) + tq, "local", 2L * entities);
        awaitCount(url(london) + tq, null, 2L * entities);
        long ft = count(get(url(london) + tq, null, Map.of())), lt = count(get(url(london) + tq, "local", Map.of()));
        check("temporal query across sources (" + ft + " federated, " + lt + " local)", ft == lt && ft == 2L * entities);

        // latency: federated vs local, same queries
        bench("type, limit 100", url(london) + q);
        bench("q no2>90", url(london) + qq);
        bench("geo near 3 km", url(london) + geo);
        bench("temporal, limit 100", url(london) + tq);
        bench("retrieve one entity", url(london) + "/entities/" + enc("urn:ngsi-ld:AirQualityObserved:camden-1"));

        // a borough stopped: partial answer within the timeout, failure named
        hackneyProcess.destroy();
        hackneyProcess.waitFor();
        long t0 = System.nanoTime();
        HttpResponse<String> partial = get(url(london) + q, null, Map.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long limitMs = Duration.parse("PT" + timeout).toMillis() + 1000;
        check("hackney down: 200 with camden's entities in " + ms + " ms (timeout " + timeout + ")",
                partial.statusCode() == 200 && partial.body().contains("camden-") && !partial.body().contains("hackney-") && ms <= limitMs);
        check("hackney down: NGSILD-Warning names it", partial.headers().allValues("NGSILD-Warning").stream()
                .anyMatch(w -> w.contains("hackney")));

        // a registration cycle: camden registers london, london registers camden
        register(camden, london, "london", null);
        t0 = System.nanoTime();
        HttpResponse<String> cycle = get(url(camden) + q, null, Map.of());
        ms = (System.nanoTime() - t0) / 1_000_000;
        check("registration cycle terminates (" + cycle.statusCode() + " in " + ms + " ms)", cycle.statusCode() == 200 && ms <= 2 * limitMs);
    }

    /** Waits (at most 60 s) until the query's NGSILD-Results-Count reaches {@code n}. */
    void awaitCount(String u, String tenant, long n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(get(u, tenant, Map.of())) < n && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    Process start(int p, String alias) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar);
        pb.environment().put("NGSILD_DATA_DIR", "memory");
        pb.environment().put("QUARKUS_HTTP_PORT", "" + p);
        pb.environment().put("NGSILD_BROKER_ALIAS", alias);
        pb.environment().put("CIVIC_FEDERATION_TIMEOUT", timeout);
        pb.redirectErrorStream(true).redirectOutput(new File(System.getProperty("java.io.tmpdir"), "federation-" + alias + ".log"));
        Process pr = pb.start();
        brokers.add(pr);
        return pr;
    }

    void awaitUp(int p) throws Exception {
        for (int i = 0; i < 120; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/q/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("broker on port " + p + " did not start");
    }

    static String entity(String borough, int i, Random r) {
        double lon = MIN_LON + r.nextDouble() * (MAX_LON - MIN_LON), lat = MIN_LAT + r.nextDouble() * (MAX_LAT - MIN_LAT);
        return String.format(Locale.ROOT, "{\"id\":\"urn:ngsi-ld:AirQualityObserved:%s-%d\",\"type\":\"AirQualityObserved\","
                + "\"no2\":{\"type\":\"Property\",\"value\":%d,\"observedAt\":\"2026-11-02T08:00:00Z\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]}}}",
                borough, i, r.nextInt(100), lon, lat);
    }

    void register(int at, int source, String alias, String tenant) throws Exception {
        String body = "{\"id\":\"urn:ngsi-ld:ContextSourceRegistration:" + alias + "\",\"type\":\"ContextSourceRegistration\","
                + "\"information\":[{\"entities\":[{\"type\":\"AirQualityObserved\"}]}],\"mode\":\"inclusive\","
                + "\"operations\":[\"retrieveOps\",\"retrieveTemporal\",\"queryTemporal\"],\"contextSourceAlias\":\"" + alias + "\","
                + "\"endpoint\":\"http://127.0.0.1:" + source + "\"}";
        HttpResponse<String> r = post(url(at) + "/csourceRegistrations", body, tenant);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + r.statusCode() + " " + r.body());
        }
    }

    HttpResponse<String> post(String u, String body, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(u)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            b.header("NGSILD-Tenant", tenant);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String u, String tenant, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(u)).header("Accept", "application/json").GET();
        if (tenant != null) {
            b.header("NGSILD-Tenant", tenant);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long count(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("NGSILD-Results-Count").orElse("-1"));
    }

    static List<String> ids(String body) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":\"(urn:ngsi-ld:AirQualityObserved:[^\"]+)\"").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    void check(String what, boolean ok) {
        System.out.println((ok ? "PASS " : "FAIL ") + what);
        if (!ok) {
            failures++;
        }
    }

    void bench(String name, String u) throws Exception {
        double[] fed = times(u, null), loc = times(u, "local");
        System.out.printf(Locale.ROOT, "%-22s federated p50 %6.1f ms p99 %6.1f ms | local p50 %6.1f ms p99 %6.1f ms | p50 ratio %.1fx%n",
                name, fed[0], fed[1], loc[0], loc[1], fed[0] / loc[0]);
    }

    double[] times(String u, String tenant) throws Exception {
        for (int i = 0; i < warmup; i++) {
            get(u, tenant, Map.of());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(u, tenant, Map.of());
            ms.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(u + " -> " + r.statusCode() + " " + r.body());
            }
        }
        Collections.sort(ms);
        return new double[] {ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1))};
    }
}
