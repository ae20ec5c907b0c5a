import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Temporal benchmark of a running Civic Broker. JDK only; run as a single-file program:
 *
 * <pre>
 * java bench/TemporalBenchmark.java [--url http://localhost:1026] [--sensors 100] [--readings 10000]
 *                                   [--batch 2500] [--threads 2] [--tenant tbench] [--warmup 3] [--reps 15] [--no-load]
 * </pre>
 *
 * Loads sensors x readings instances of NO2 (one reading every 5 minutes from 2026-01-01T00:00Z) through
 * the temporal API itself (POST /temporal/entities with instance arrays of --batch readings; the first
 * POST of a sensor creates it, the next ones add to it), then measures median and p95 latency of:
 * hourly avg/min/max over a month for one sensor, daily avg over a month for all sensors of the type,
 * lastN=100, and a raw range of 10,000 points (temporalValues and normalized). See docs/temporal.md.
 * The raw queries must be answered whole (200): start the broker with CIVIC_TEMPORAL_MAX_INSTANCES=10000
 * (the default of 10 instances per attribute would page them, 206).
 */
public class TemporalBenchmark {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final long STEP_SECONDS = 300;

    final String base;
    final String tenant;
    final int sensors;
    final int readings;
    final int batch;
    final int threads;
    final int warmup;
    final int reps;
    final HttpClient http;

    TemporalBenchmark(Map<String, String> a) {
        base = a.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        tenant = a.getOrDefault("tenant", "tbench");
        sensors = Integer.parseInt(a.getOrDefault("sensors", "100"));
        readings = Integer.parseInt(a.getOrDefault("readings", "10000"));
        batch = Integer.parseInt(a.getOrDefault("batch", "2500"));
        threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
        reps = Integer.parseInt(a.getOrDefault("reps", "15"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i].substring(2);
            if (name.equals("no-load")) {
                args.put(name, "true");
            } else {
                args.put(name, argv[++i]);
            }
        }
        new TemporalBenchmark(args).run(args.containsKey("no-load"));
        System.exit(0);
    }

    static String sensorId(int i) {
        return String.format(Locale.ROOT, "urn:ngsi-ld:AirSensor:s%04d", i);
    }

    void run(boolean noLoad) throws Exception {
        if (!noLoad) {
            load();
        }
        String one = enc(sensorId(0));
        Instant monthEnd = START.plus(Duration.ofDays(30));
        Instant rawEnd = START.plusSeconds(STEP_SECONDS * Math.min(10_000, readings));
        String month = "&timerel=between&timeAt=" + START + "&endTimeAt=" + monthEnd;
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("hourly avg/min/max, 30 days, one sensor",
                "/temporal/entities/" + one + "?attrs=NO2&options=aggregatedValues&aggrMethods=avg,min,max&aggrPeriodDuration=PT1H" + month);
        queries.put("daily avg, 30 days, all " + sensors + " sensors of the type",
                "/temporal/entities?type=AirSensor&attrs=NO2&options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1D&limit="
                        + Math.min(sensors, 1000) + month);
        queries.put("monthly sum/stddev, one sensor, whole history",
                "/temporal/entities/" + one + "?attrs=NO2&options=aggregatedValues&aggrMethods=sum,stddev&aggrPeriodDuration=P1M"
                        + "&timerel=after&timeAt=2025-12-01T00:00:00Z");
        queries.put("lastN=100, one sensor", "/temporal/entities/" + one + "?attrs=NO2&lastN=100");
        queries.put("raw range of " + Math.min(10_000, readings) + " points, temporalValues",
                "/temporal/entities/" + one + "?attrs=NO2&options=temporalValues&timerel=between&timeAt=" + START + "&endTimeAt=" + rawEnd);
        queries.put("raw range of " + Math.min(10_000, readings) + " points, normalized",
                "/temporal/entities/" + one + "?attrs=NO2&timerel=between&timeAt=" + START + "&endTimeAt=" + rawEnd);
        System.out.printf(Locale.ROOT, "%-55s %10s %10s %12s%n", "query", "median ms", "p95 ms", "bytes");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            List<Double> times = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < warmup + reps; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(get(q.getValue()), HttpResponse.BodyHandlers.ofByteArray());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(q.getKey() + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                }
                bytes = r.body().length;
                if (i >= warmup) {
                    times.add(ms);
                }
            }
            Collections.sort(times);
            System.out.printf(Locale.ROOT, "%-55s %10.1f %10.1f %12d%n", q.getKey(), times.get(times.size() / 2),
                    times.get((int) Math.ceil(times.size() * 0.95) - 1), bytes);
        }
    }

    void load() throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        // each thread loads whole sensors in time order, so a sensor's batches never race each other
        for (int t = 0; t < threads; t++) {
            int first = t;
            work.add(pool.submit(() -> {
                for (int s = first; s < sensors; s += threads) {
                    Random rnd = new Random(s);
                    for (int from = 0; from < readings; from += batch) {
                        post(body(s, from, Math.min(readings, from + batch), rnd));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "loaded %d instances (%d sensors x %d readings) in %.1f s (%.0f instances/s)%n",
                (long) sensors * readings, sensors, readings, s, sensors * (double) readings / s);
    }

    static String body(int sensor, int from, int to, Random rnd) {
        StringBuilder b = new StringBuilder(64 + (to - from) * 90);
        b.append("{\"id\":\"").append(sensorId(sensor)).append("\",\"type\":\"AirSensor\",\"NO2\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            double v = Math.round((20 + 15 * Math.sin(i / 48.0) + rnd.nextGaussian() * 3) * 10) / 10.0;
            b.append("{\"type\":\"Property\",\"value\":").append(v).append(",\"observedAt\":\"")
                    .append(START.plusSeconds(STEP_SECONDS * i)).append("\"}");
        }
        return b.append("]}").toString();
    }

    void post(String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/temporal/entities")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201 && res.statusCode() != 204) {
            throw new IllegalStateException("POST: HTTP " + res.statusCode() + " " + res.body());
        }
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Accept", "application/json").header("NGSILD-Tenant", tenant).GET().build();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
