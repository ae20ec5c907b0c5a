import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.civicbroker.jsonld.JsonLdConfig;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.validation.Binding;
import org.civicbroker.validation.KeyValuesForm;
import org.civicbroker.validation.SchemaBindings;
import org.civicbroker.validation.ValidationConfig;

/**
 * Cost of Smart Data Models validation per entity, measured in-process on the broker's own classes
 * (what EntityValidator.validate adds to a write: key-values reduction + JSON Schema check), next to
 * the cost of parsing the same payload (what every write pays anyway). Single-file JDK program with
 * the broker's classes on the class path:
 *
 * <pre>
 * ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=runtime
 * ./mvnw -o -q compile
 * java -cp "target/classes:$(cat /tmp/cp.txt)" bench/ValidationBenchmark.java [--seconds 3] [--warmup 2]
 * </pre>
 *
 * With {@code --url http://localhost:1026 [--entities 2000] [--threads 4]} it also measures, over HTTP
 * against a running broker, create throughput of the WeatherObserved example with the model's
 * @context (bound: validated) and with the core context only (same body, unbound type: not
 * validated), alternating the two runs {@code --rounds} times (default 3; the first round warms the broker up), each in a
 * fresh tenant.
 *
 * For each model it takes the official NGSI-LD normalized example (the key-values one where the
 * normalized one is not valid NGSI-LD) and reports ns per entity for: parse (EntityParser),
 * reduce (KeyValuesForm), check (reduce + schema, = the validation cost). See docs/validation.md.
 */
public class ValidationBenchmark {

    static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        double seconds = Double.parseDouble(args.getOrDefault("seconds", "3"));
        double warmup = Double.parseDouble(args.getOrDefault("warmup", "2"));

        long t0 = System.nanoTime();
        TitaniumContextResolver resolver = new TitaniumContextResolver(new JsonLdConfig(Duration.ofMillis(500), 1 << 20, 100));
        SchemaBindings bindings = new SchemaBindings(new ValidationConfig() {
            public String defaultMode() { return "enforce"; }
            public String unknownTypes() { return "off"; }
            public Optional<String> schemaDir() { return Optional.empty(); }
            public Map<String, String> modes() { return Map.of(); }
        }, resolver);
        System.out.printf(Locale.ROOT, "start-up: %d models loaded and compiled in %.0f ms%n",
                bindings.all().size(), (System.nanoTime() - t0) / 1e6);

        EntityParser parser = new EntityParser(GeoJson::parse);
        System.out.printf("%-28s %6s %12s %12s %12s %8s%n", "model", "errors", "parse ns", "reduce ns", "check ns", "checks/s");
        List<Double> checks = new ArrayList<>();
        for (Binding b : bindings.all()) {
            JsonNode body = example(b.folder(), parser, resolver);
            Entity entity = parser.parseEntity(body, resolver.resolve(body.get("@context")));
            int errors = b.check(entity).size();
            double parse = measure(() -> parser.parseEntity(body, resolver.resolve(body.get("@context"))), warmup, seconds);
            double reduce = measure(() -> KeyValuesForm.of(entity, b.name(), b.context()), warmup, seconds);
            double check = measure(() -> b.check(entity), warmup, seconds);
            checks.add(check);
            System.out.printf(Locale.ROOT, "%-28s %6d %12.0f %12.0f %12.0f %8.0f%n", b.name(), errors, parse, reduce, check, 1e9 / check);
        }
        if (args.containsKey("url")) {
            http(args.get("url"), Integer.parseInt(args.getOrDefault("entities", "2000")),
                    Integer.parseInt(args.getOrDefault("threads", "4")), Integer.parseInt(args.getOrDefault("rounds", "3")));
        }
        double[] sorted = checks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "validation cost per entity: median %.1f us, max %.1f us (%s, %d cores)%n",
                sorted[sorted.length / 2] / 1e3, sorted[sorted.length - 1] / 1e3, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }

    static void http(String url, int entities, int threads, int rounds) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        ObjectNode body = (ObjectNode) read("dataModel.Weather/WeatherObserved/examples/example-normalized.jsonld");
        for (int round = 0; round < rounds; round++) {
            for (boolean validated : new boolean[] {true, false}) {
                ObjectNode b = body.deepCopy();
                if (!validated) {
                    b.put("@context", "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
                }
                String tenant = "bench-validation-" + java.util.UUID.randomUUID().toString().substring(0, 8);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
                long start = System.nanoTime();
                List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    jobs.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < entities) {
                            ObjectNode e = b.deepCopy();
                            e.put("id", "urn:ngsi-ld:WeatherObserved:bench-" + i);
                            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/ngsi-ld/v1/entities"))
                                    .header("Content-Type", "application/ld+json").header("NGSILD-Tenant", tenant)
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                    .build();
                            try {
                                if (client.send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
                                    failed.incrementAndGet();
                                }
                            } catch (Exception x) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (var j : jobs) {
                    j.get();
                }
                pool.shutdown();
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "round %d HTTP create, %-22s %6d entities in %6.2f s = %7.0f entities/s (%d failed)%n",
                        round + 1, validated ? "validated (SDM ctx):" : "not validated (core):", entities, secs, entities / secs, failed.get());
            }
        }
    }

    static JsonNode example(String folder, EntityParser parser, TitaniumContextResolver resolver) throws Exception {
        JsonNode normalized = read(folder + "/examples/example-normalized.jsonld");
        try {
            parser.parseEntity(normalized, resolver.resolve(contextOf(normalized)));
            return withContext(normalized);
        } catch (RuntimeException notNgsiLd) {
            ObjectNode kv = (ObjectNode) read(folder + "/examples/example.jsonld");
            ObjectNode out = MAPPER.createObjectNode();
            kv.fields().forEachRemaining(e -> {
                if (List.of("id", "type", "@context").contains(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                } else {
                    boolean geo = e.getValue().isObject() && e.getValue().has("coordinates");
                    out.putObject(e.getKey()).put("type", geo ? "GeoProperty" : "Property").set("value", e.getValue());
                }
            });
            return withContext(out);
        }
    }

    /** Drops the retired FIWARE context (not shipped, not reachable offline). */
    static JsonNode withContext(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.set("@context", contextOf(body));
        return copy;
    }

    static JsonNode contextOf(JsonNode body) {
        JsonNode ctx = body.get("@context").deepCopy();
        if (ctx.isArray()) {
            var kept = MAPPER.createArrayNode();
            ctx.forEach(c -> {
                if (!c.asText().equals("https://fiware.github.io/data-models/context.jsonld")) {
                    kept.add(c);
                }
            });
            return kept;
        }
        return ctx;
    }

    static JsonNode read(String rel) throws Exception {
        try (InputStream in = ValidationBenchmark.class.getClassLoader().getResourceAsStream("smart-data-models/" + rel)) {
            return MAPPER.readTree(in);
        }
    }

    static volatile Object sink;

    /** Mean ns per call over {@code seconds}, after {@code warmup} seconds of the same loop. */
    static double measure(java.util.function.Supplier<?> op, double warmup, double seconds) {
        run(op, warmup);
        return run(op, seconds);
    }

    static double run(java.util.function.Supplier<?> op, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 100; i++) {
                sink = op.get();
            }
            n += 100;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / (double) n;
    }
}
