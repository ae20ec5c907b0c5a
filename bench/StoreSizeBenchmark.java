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
 *                                    [--batch 1000] [--settle 45]
 * </pre>
 *
 * Creates N small entities (batch create), updates each once (batch update), deletes them all (batch
 * delete); after each phase waits until the file size has not changed for {@code settle} seconds (the
 * consumers catching up and, when enabled, a compaction) and prints it. Run it once with
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
        String tenant = "bench-size-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        System.out.printf("%-8s %10s %12s%n", "phase", "seconds", "file MB");
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
            System.out.printf("%-8s %10.1f %12.1f%n", phase, seconds, mb(file));
        }
    }

    static double mb(Path file) throws Exception {
        return Files.exists(file) ? Files.size(file) / 1048576.0 : 0;
    }
}
