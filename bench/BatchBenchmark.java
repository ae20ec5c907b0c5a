import java.net.URI;
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
import java.util.UUID;

/**
 * Batch upsert benchmark of a running Civic Broker (or any NGSI-LD broker). JDK only; run as a
 * single-file program:
 *
 * <pre>
 * java bench/BatchBenchmark.java [--url http://localhost:1026] [--entities 1000] [--reps 10] [--warmup 2]
 *                                [--tenant bench-batch] [--background 0] [--history off|each|end]
 * </pre>
 *
 * Each repetition upserts one batch of N new entities (POST /entityOperations/upsert: all created,
 * 201), upserts the same N again with options=update (all updated, 204), then with the default
 * options=replace (204), and finally deletes them with one /entityOperations/delete (204). It prints
 * the median, p95 and max latency of each round and the entities per second at the median. The
 * entities are AirQualityObserved-like (10 attributes, about 1.3 KB of normalized JSON each).
 * With {@code --background N} the tenant first gets N other entities (batch upserts of the same kind,
 * left in place), to show how the rounds scale with the size of the tenant. With {@code --history each}
 * every repetition then waits until the temporal recorder has written the history of its four rounds
 * (the deletion instance of the last entity's last attribute is visible through GET
 * /temporal/entities/{id}) and reports that catch-up time; {@code --history end} waits once, after the
 * last repetition (the backlog the rounds left behind). See docs/batch.md.
 */
public class BatchBenchmark {

    final String base;
    final String tenant;
    final int entities;
    final int reps;
    final int warmup;
    final int background;
    final String history;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    BatchBenchmark(Map<String, String> args) {
        base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        tenant = args.getOrDefault("tenant", "bench-batch");
        entities = Integer.parseInt(args.getOrDefault("entities", "1000"));
        reps = Integer.parseInt(args.getOrDefault("reps", "10"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "2"));
        background = Integer.parseInt(args.getOrDefault("background", "0"));
        history = args.getOrDefault("history", "off");
        if (!List.of("off", "each", "end").contains(history)) {
            throw new IllegalArgumentException("--history must be off, each or end");
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String name = argv[i].substring(2);
            if (name.equals("help")) {
                System.out.println("java bench/BatchBenchmark.java [--url http://localhost:1026] [--entities 1000]"
                        + " [--reps 10] [--warmup 2] [--tenant bench-batch] [--background 0] [--history off|each|end]");
                return;
            }
            args.put(name, argv[++i]);
        }
        new BatchBenchmark(args).run();
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        for (String round : List.of("upsert, all new (201)", "upsert?options=update (204)", "upsert replace (204)",
                "delete (204)")) {
            millis.put(round, new ArrayList<>());
        }
        Random random = new Random(20261122L);
        long bytes = 0;
        List<Double> catchUp = new ArrayList<>();
        String last = null;
        if (background > 0) {
            long start = System.nanoTime();
            String prefix = "background-" + UUID.randomUUID().toString().substring(0, 8);
            for (int done = 0; done < background; done += entities) {
                time("/entityOperations/upsert", batch(prefix + "-" + done, random), 201);
            }
            System.out.printf(Locale.ROOT, "Background: %d entities loaded by batch upserts in %.1f s%n", background,
                    (System.nanoTime() - start) / 1e9);
        }
        for (int rep = 0; rep < warmup + reps; rep++) {
            String prefix = UUID.randomUUID().toString().substring(0, 8);
            String created = batch(prefix, random);
            bytes = created.getBytes(StandardCharsets.UTF_8).length;
            List<Double> times = new ArrayList<>();
            times.add(time("/entityOperations/upsert", created, 201));
            times.add(time("/entityOperations/upsert?options=update", batch(prefix, random), 204));
            times.add(time("/entityOperations/upsert", batch(prefix, random), 204));
            StringBuilder ids = new StringBuilder("[");
            for (int i = 0; i < entities; i++) {
                ids.append(i == 0 ? "" : ",").append('"').append(id(prefix, i)).append('"');
            }
            times.add(time("/entityOperations/delete", ids.append(']').toString(), 204));
            last = id(prefix, entities - 1);
            if (history.equals("each")) {
                double waited = awaitHistory(last);
                if (rep >= warmup) {
                    catchUp.add(waited);
                }
            }
            if (rep >= warmup) {
                int k = 0;
                for (List<Double> m : millis.values()) {
                    m.add(times.get(k++));
                }
            }
        }
        System.out.printf(Locale.ROOT, "Broker: %s, tenant %s (+%d background entities), %d entities per batch (%.1f KB body),"
                + " %d reps after %d warm-up%n%n", base, tenant, background, entities, bytes / 1024.0, reps, warmup);
        System.out.printf(Locale.ROOT, "%-30s %10s %10s %10s %12s%n", "round", "median ms", "p95 ms", "max ms", "entities/s");
        for (var e : millis.entrySet()) {
            List<Double> m = e.getValue();
            Collections.sort(m);
            double median = percentile(m, 50);
            System.out.printf(Locale.ROOT, "%-30s %10.0f %10.0f %10.0f %12.0f%n", e.getKey(), median, percentile(m, 95),
                    m.get(m.size() - 1), entities / (median / 1000));
        }
        if (history.equals("each")) {
            Collections.sort(catchUp);
            System.out.printf(Locale.ROOT, "%n%-30s %10.0f %10.0f %10.0f%n", "history recorded after delete",
                    percentile(catchUp, 50), percentile(catchUp, 95), catchUp.get(catchUp.size() - 1));
        } else if (history.equals("end")) {
            System.out.printf(Locale.ROOT, "%nHistory of all %d repetitions recorded %.0f ms after the last response%n",
                    warmup + reps, awaitHistory(last));
        }
    }

    /**
     * Milliseconds from now until the temporal recorder has recorded the deletion of {@code id}'s last
     * attribute (the last change of a repetition: the journal hands changes to the recorder in order).
     */
    double awaitHistory(String id) throws Exception {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/temporal/entities/" + id
                        + "?attrs=refDevice&timeproperty=deletedAt&timerel=after&timeAt=2000-01-01T00:00:00Z"))
                .header("Accept", "application/json").header("NGSILD-Tenant", tenant)
                .timeout(Duration.ofSeconds(30)).GET().build();
        while (true) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            if (r.statusCode() == 200 && r.body().contains("\"refDevice\"")) {
                return ms;
            }
            if (ms > 600_000) {
                throw new IllegalStateException("history of " + id + " not recorded after 10 minutes (recording off?)");
            }
            Thread.sleep(20);
        }
    }

    String id(String prefix, int i) {
        return "urn:ngsi-ld:AirQualityObserved:bench-" + prefix + "-" + i;
    }

    String batch(String prefix, Random r) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < entities; i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":\"%s\",\"type\":\"AirQualityObserved\","
                            + "\"dateObserved\":{\"type\":\"Property\",\"value\":{\"@type\":\"DateTime\",\"@value\":\"2026-11-22T08:00:00Z\"}},"
                            + "\"NO2\":{\"type\":\"Property\",\"value\":%d,\"unitCode\":\"GQ\",\"observedAt\":\"2026-11-22T08:00:00Z\"},"
                            + "\"PM10\":{\"type\":\"Property\",\"value\":%d,\"unitCode\":\"GQ\",\"observedAt\":\"2026-11-22T08:00:00Z\"},"
                            + "\"PM25\":{\"type\":\"Property\",\"value\":%d,\"unitCode\":\"GQ\",\"observedAt\":\"2026-11-22T08:00:00Z\"},"
                            + "\"temperature\":{\"type\":\"Property\",\"value\":%.1f,\"unitCode\":\"CEL\"},"
                            + "\"airQualityLevel\":{\"type\":\"Property\",\"value\":\"moderate\"},"
                            + "\"reliability\":{\"type\":\"Property\",\"value\":0.7},"
                            + "\"address\":{\"type\":\"Property\",\"value\":{\"addressCountry\":\"GB\",\"addressLocality\":\"London\",\"streetAddress\":\"Euston Road %d\"}},"
                            + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}},"
                            + "\"refDevice\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:Device:bench-%s-%d\"}}",
                    id(prefix, i), r.nextInt(100), r.nextInt(80), r.nextInt(50), r.nextDouble() * 30, i,
                    -0.51 + r.nextDouble() * 0.84, 51.28 + r.nextDouble() * 0.41, prefix, i));
        }
        return b.append(']').toString();
    }

    double time(String path, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.statusCode() != expected) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " (expected " + expected + "): "
                    + r.body().substring(0, Math.min(500, r.body().length())));
        }
        return ms;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
