import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Size of the embedded store's H2 file (issue 19) while a running Civic Broker loads, updates and deletes
 * entities. JDK only:
 *
 * <pre>
 * java bench/StoreSizeBenchmark.java --data-dir ./data [--url http://localhost:1026] [--entities 100000]
 *                                    [--batch 1000] [--settle 45] [--catch-up 3600]
 *                                    [--jar target/quarkus-app/quarkus-run.jar --heap 1g --log broker.log]
 * </pre>
 *
 * With {@code --jar} the benchmark starts the broker itself (on the port of {@code --url}, with
 * {@code NGSILD_DATA_DIR} set to the data directory, the rest of the environment inherited) and, after
 * each phase, stops it (SIGTERM, a clean shutdown), starts it again and prints the file size once it
 * answers: the size after the start-up compaction ({@code NGSILD_STORE_COMPACT_AT_START}).
 *
 * Creates N small entities (batch create), updates each once (batch update), deletes them all (batch
 * delete); after each phase waits until the change consumers have caught up (the temporal history holds
 * every change: {@code ngsild_change_consumer_backlog} 0 in {@code /q/metrics}, at most {@code catch-up}
 * seconds) and then until the file size has not changed for {@code settle} seconds (a compaction, when
 * enabled), and prints it with the time the consumers took. Run it once with
 * {@code NGSILD_STORE_COMPACT_INTERVAL=0S} (no compaction) and once with compaction, each on a fresh data
 * directory. The temporal history is kept (deleting entities does not delete their history), so the
 * file does not go back to zero. See docs/architecture.md "Recovery model".
 */
public class StoreSizeBenchmark {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/ngsi-ld/v1";
        Path file = Path.of(args.getOrDefault("data-dir", "./data"), "civic-broker.mv");
        int n = Integer.parseInt(args.getOrDefault("entities", "100000"));
        int batch = Integer.parseInt(args.getOrDefault("batch", "1000"));
        int settle = Integer.parseInt(args.getOrDefault("settle", "45"));
        int catchUp = Integer.parseInt(args.getOrDefault("catch-up", "3600"));
        String metricsUrl = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "") + "/q/metrics";
        String tenant = "bench-size-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        String jar = args.get("jar");
        Broker broker = jar == null ? null : new Broker(jar, file.getParent(), base, args.getOrDefault("heap", ""),
                Path.of(args.getOrDefault("log", "store-size-broker.log")));
        if (broker != null) {
            broker.start();
        }
        System.out.printf("%-8s %10s %12s %12s %16s %12s%n", "phase", "seconds", "catch-up s", "file MB", "after restart MB", "restart s");
        System.out.printf("%-8s %10s %12.1f%n", "start", "-", mb(file));
        for (String phase : new String[] {"create", "update", "delete"}) {
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += batch) {
                StringBuilder body = new StringBuilder("[");
                for (int i = from; i < Math.min(n, from + batch); i++) {
                    String id = "urn:ngsi-ld:SizeProbe:" + i;
                    body.append(i > from ? "," : "");
                    if (phase.equals("delete")) {
                        body.append('"').append(id).append('"');
                    } else {
                        body.append("{\"id\":\"").append(id).append("\",\"type\":\"SizeProbe\",\"temperature\":{\"type\":\"Property\",\"value\":")
                                .append(phase.equals("create") ? i : i + 0.5).append("},\"name\":{\"type\":\"Property\",\"value\":\"probe ")
                                .append(i).append("\"}}");
                    }
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/entityOperations/" + phase))
                        .header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
                        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 300) {
                    throw new IllegalStateException(phase + " batch at " + from + ": " + r.statusCode() + " " + r.body());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the consumers (temporal history, subscriptions) have handled every change of the phase
            long c0 = System.nanoTime();
            long left;
            while ((left = backlog(http, metricsUrl)) != 0 && (System.nanoTime() - c0) / 1e9 < catchUp) {
                Thread.sleep(2000);
            }
            String caughtUp = left == 0 ? String.format("%.0f", (System.nanoTime() - c0) / 1e9) : "NOT (" + left + " left)";
            // the size once it has stopped changing (consumers caught up, compaction done)
            long last = -1;
            long stableSince = System.nanoTime();
            while ((System.nanoTime() - stableSince) / 1e9 < settle) {
                long size = Files.size(file);
                if (size != last) {
                    last = size;
                    stableSince = System.nanoTime();
                }
                Thread.sleep(1000);
            }
            if (broker == null) {
                System.out.printf("%-8s %10.1f %12s %12.1f%n", phase, seconds, caughtUp, mb(file));
            } else {
                double settled = mb(file);
                broker.stop();
                long r0 = System.nanoTime();
                broker.start();
                System.out.printf("%-8s %10.1f %12s %12.1f %16.1f %12.1f%n", phase, seconds, caughtUp, settled, mb(file),
                        (System.nanoTime() - r0) / 1e9);
            }
        }
        if (broker != null) {
            broker.stop();
        }
    }

    /** The broker as a separate process, stopped cleanly and started again on the same data directory. */
    static final class Broker {
        final String jar;
        final Path dataDir;
        final String base;
        final String heap;
        final Path log;
        Process process;

        Broker(String jar, Path dataDir, String base, String heap, Path log) {
            this.jar = jar;
            this.dataDir = dataDir;
            this.base = base;
            this.heap = heap;
            this.log = log;
        }

        void start() throws Exception {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (!heap.isEmpty()) {
                cmd.add("-Xmx" + heap);
            }
            cmd.addAll(java.util.List.of("-jar", jar));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("NGSILD_DATA_DIR", dataDir.toString());
            pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(URI.create(base).getPort()));
            process = pb.start();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker stopped at start-up; see " + log);
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base.replace("/ngsi-ld/v1", "/version"))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("the broker did not answer within 10 minutes; see " + log);
        }

        void stop() throws Exception {
            process.destroy();  // SIGTERM: a clean shutdown
            if (!process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker did not stop within 3 minutes");
            }
        }
    }

    /** The changes the consumers still have to handle (sum of ngsild_change_consumer_backlog; -1 when unreadable). */
    static long backlog(HttpClient http, String metricsUrl) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long sum = 0;
            boolean found = false;
            for (String line : body.split("\n")) {
                if (line.startsWith("ngsild_change_consumer_backlog{")) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static double mb(Path file) throws Exception {
        return Files.exists(file) ? Files.size(file) / 1048576.0 : 0;
    }
}
