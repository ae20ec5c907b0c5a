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
import java.util.function.Supplier;

/**
 * @context management benchmark of a running Civic Broker. JDK only; run as a single-file program:
 *
 * <pre>
 * java bench/ContextBenchmark.java [--url http://localhost:1026] [--entities 200] [--warmup 200] [--reps 1000]
 * </pre>
 *
 * Hosts a context (POST /jsonldContexts), creates entities with it, then measures sequential median and
 * p95 latency of: an entity read with the hosted context in the Link header (resolved from the broker's
 * own store), the same read with the core context only, a POST /entityOperations/query with an inline
 * context (answered with the Link of an implicitly created context) and GET /jsonldContexts?details=true.
 * See docs/contexts.md.
 */
public class ContextBenchmark {

    static final String HOSTED = "{\"@context\": {\"Vehicle\": \"https://example.org/bench/Vehicle\","
            + " \"colour\": \"https://example.org/bench/colour\"}}";
    static final String QUERY = "{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\"}], \"attrs\": [\"colour\"],"
            + " \"q\": \"colour==%22red%22\", \"@context\": [{\"Vehicle\": \"https://example.org/bench/Vehicle\","
            + " \"colour\": \"https://example.org/bench/colour\"}, \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld\"]}";

    final String base;
    final String tenant = "bench-ctx-" + UUID.randomUUID().toString().substring(0, 8);
    final int entities;
    final int warmup;
    final int reps;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    ContextBenchmark(Map<String, String> args) {
        base = args.getOrDefault("url", "http://localhost:1026").replaceAll("/+$", "");
        entities = Integer.parseInt(args.getOrDefault("entities", "200"));
        warmup = Integer.parseInt(args.getOrDefault("warmup", "200"));
        reps = Integer.parseInt(args.getOrDefault("reps", "1000"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new ContextBenchmark(args).run();
    }

    static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    HttpResponse<String> send(HttpRequest.Builder b, int expected) {
        try {
            HttpResponse<String> r = http.send(b.header("NGSILD-Tenant", tenant).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/ngsi-ld/v1" + path)).timeout(Duration.ofSeconds(30));
    }

    void run() {
        String hosted = send(req("/jsonldContexts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HOSTED)), 201).headers().firstValue("Location").orElseThrow();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            String id = "urn:ngsi-ld:Vehicle:bench-" + i;
            String body = "{\"id\": \"" + id + "\", \"type\": \"Vehicle\", \"colour\": {\"type\": \"Property\", \"value\": \""
                    + (i % 2 == 0 ? "red" : "blue") + "\"}}";
            send(req("/entities").header("Content-Type", "application/json").header("Link", link(hosted))
                    .POST(HttpRequest.BodyPublishers.ofString(body)), 201);
            ids.add(id);
        }
        System.out.printf(Locale.ROOT, "broker %s, tenant %s, %d entities, hosted context %s%n", base, tenant, entities, hosted);
        int[] next = {0};
        Supplier<String> anId = () -> ids.get(next[0]++ % ids.size());
        measure("GET entity, Link = hosted context", () -> send(req("/entities/" + anId.get()).header("Link", link(hosted)).GET(), 200));
        measure("GET entity, core context", () -> send(req("/entities/" + anId.get()).GET(), 200));
        measure("POST query, inline context (implicit Link)", () -> send(req("/entityOperations/query")
                .header("Content-Type", "application/ld+json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY.replace("%22", "\\\""))), 200));
        measure("GET /jsonldContexts?details=true", () -> send(req("/jsonldContexts?details=true").GET(), 200));
    }

    void measure(String name, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        List<Long> nanos = new ArrayList<>(reps);
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            call.run();
            nanos.add(System.nanoTime() - t);
        }
        Collections.sort(nanos);
        System.out.printf(Locale.ROOT, "%-45s median %7.2f ms   p95 %7.2f ms   (%d reps)%n", name,
                nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) (nanos.size() * 0.95)) / 1e6, reps);
    }
}
