import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of security (docs/security.md): GET-by-id throughput of one broker started with security off and
 * with security on, in the same run. JDK only; run as a single-file program from the project root after
 * {@code ./mvnw package -DskipTests}:
 *
 * <pre>
 * java bench/SecurityBenchmark.java [--jar target/quarkus-app/quarkus-run.jar] [--port 1026]
 *                                   [--threads 8] [--seconds 15] [--rounds 2] [--fresh-tokens 4000]
 * </pre>
 *
 * The program generates an RSA key pair (the identity provider), starts the broker (in-memory store) on the
 * port, loads one entity and measures GET /ngsi-ld/v1/entities/{id} for the given time per case, then stops
 * it and starts it in the other mode. Rounds alternate the modes (off, on, off, on...) so a change in the
 * machine's load falls on both. Cases with security on: a reader's token (verified once, then remembered),
 * the same on an entity of a type the data register marks personal (each read writes an audit record), no
 * token on an open type (anonymous, narrowed), and a new token for every request (a full RS256
 * verification each time: the worst case, as if the cache did not exist).
 */
public class SecurityBenchmark {

    static final String ID = "urn:ngsi-ld:BikeDock:bench-1";
    static final String REGISTER_ENTRY = "{\"type\":\"BikeDock\",\"title\":\"Cycle hire docks\",\"purpose\":\"Where a bike is\","
            + "\"legalBasis\":\"Public task\",\"decisions\":\"Where docks go\",\"decisionMakers\":\"Cycling manager\","
            + "\"organisation\":\"Example borough\",\"contact\":\"data@example.gov.uk\",\"technology\":\"Dock controllers\","
            + "\"personalData\":\"none\",\"retention\":{\"currentState\":\"P30D\",\"history\":\"P7D\"},"
            + "\"disposal\":\"Deleted by the retention job\",\"open\":true,\"licence\":\"OGL v3.0\"}";
    static final String ENTITY = "{\"id\":\"" + ID + "\",\"type\":\"BikeDock\","
            + "\"freeSlots\":{\"type\":\"Property\",\"value\":7},\"name\":{\"type\":\"Property\",\"value\":\"Camden Road\"}}";
    /** A type the register marks personal: with security on, each read of it is audited (docs/security.md, "Audit"). */
    static final String PERSON = "urn:ngsi-ld:Resident:bench-1";
    static final String PERSON_ENTITY = "{\"id\":\"" + PERSON + "\",\"type\":\"Resident\","
            + "\"name\":{\"type\":\"Property\",\"value\":\"Alice Example\"}}";
    static final String PERSON_ENTRY = REGISTER_ENTRY.replace("BikeDock", "Resident").replace("\"none\"", "\"personal\"")
            .replace("\"open\":true", "\"open\":false");

    final String jar;
    final int port;
    final int threads;
    final int seconds;
    final int rounds;
    final HttpClient http;
    final KeyPair keys;
    final Path publicKey;
    final AtomicLong tokenSerial = new AtomicLong();
    final int freshTokens;
    /** What a token supplier returns when it has no more tokens: the measurement ends. */
    static final String STOP = "";

    SecurityBenchmark(Map<String, String> args) throws Exception {
        jar = args.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar");
        port = Integer.parseInt(args.getOrDefault("port", "1026"));
        threads = Integer.parseInt(args.getOrDefault("threads", "8"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "15"));
        rounds = Integer.parseInt(args.getOrDefault("rounds", "2"));
        freshTokens = Integer.parseInt(args.getOrDefault("fresh-tokens", "4000"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(threads)).build();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        publicKey = Files.createTempFile("bench-public", ".pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new SecurityBenchmark(args).run();
        System.exit(0);
    }

    void run() throws Exception {
        System.out.printf("GET-by-id, %d client threads, %d s per case, %d rounds, %d cores%n", threads, seconds, rounds,
                Runtime.getRuntime().availableProcessors());
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (boolean secure : new boolean[] {false, true}) {
                Process broker = start(secure);
                try {
                    waitUp();
                    load(secure);
                    // the JIT keeps compiling long after start-up on a small machine: a long first warm-up, so
                    // the first case measured does not pay for it
                    String warm = secure ? token("reader") : null;
                    runFor(URI.create(base() + "/ngsi-ld/v1/entities/" + ID), () -> warm, 2 * seconds);
                    if (!secure) {
                        measure(results, "security off", () -> null);
                    } else {
                        String token = token("reader");
                        measure(results, "security on, reader token (remembered)", () -> token);
                        measure(results, "security on, reader token, personal type (audited)", () -> token,
                                URI.create(base() + "/ngsi-ld/v1/entities/" + PERSON));
                        measure(results, "security on, no token, open type", () -> null);
                        // tokens are signed before the clock starts (signing costs the client more than
                        // verifying costs the broker); each is sent once, so each is verified in full
                        String[] fresh = new String[freshTokens];
                        for (int i = 0; i < fresh.length; i++) {
                            fresh[i] = token("reader");
                        }
                        AtomicLong next = new AtomicLong();
                        measure(results, "security on, new token per request", () -> {
                            long i = next.getAndIncrement();
                            return i < fresh.length ? fresh[(int) i] : STOP;
                        });
                    }
                } finally {
                    broker.destroy();
                    broker.waitFor();
                }
            }
        }
        double base = mean(results.get("security off"));
        System.out.println();
        System.out.println("| Case | Requests/s (mean of rounds) | vs off |");
        System.out.println("| --- | --- | --- |");
        results.forEach((name, v) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f |%n", name, mean(v), mean(v) / base));
    }

    Process start(boolean secure) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "security-bench-broker.log"));
        pb.environment().put("NGSILD_DATA_DIR", "memory");
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("CIVIC_SECURITY_ENABLED", String.valueOf(secure));
        pb.environment().put("CIVIC_SECURITY_KEY_LOCATION", publicKey.toUri().toString());
        pb.environment().put("CIVIC_SECURITY_ISSUER", "https://id.example.org/bench");
        pb.environment().put("CIVIC_SECURITY_AUDIENCE", "civic-broker");
        return pb.start();
    }

    void waitUp() throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/version")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the broker did not start; see security-bench-broker.log");
    }

    void load(boolean secure) throws Exception {
        String admin = token("admin");
        HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(base() + "/ngsi-ld/v1/entities"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ENTITY));
        // the open types are the data register's open entries (docs/security.md, "Open data")
        HttpRequest.Builder open = HttpRequest.newBuilder(URI.create(base() + "/ngsi-ld/v1/x-register/datasets/BikeDock"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(REGISTER_ENTRY));
        if (secure) {
            create.header("Authorization", "Bearer " + admin);
            open.header("Authorization", "Bearer " + admin);
        }
        check(http.send(create.build(), HttpResponse.BodyHandlers.ofString()), 201);
        check(http.send(open.build(), HttpResponse.BodyHandlers.ofString()), 201);
        HttpRequest.Builder person = HttpRequest.newBuilder(URI.create(base() + "/ngsi-ld/v1/entities"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(PERSON_ENTITY));
        HttpRequest.Builder personal = HttpRequest.newBuilder(URI.create(base() + "/ngsi-ld/v1/x-register/datasets/Resident"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(PERSON_ENTRY));
        if (secure) {
            person.header("Authorization", "Bearer " + admin);
            personal.header("Authorization", "Bearer " + admin);
        }
        check(http.send(person.build(), HttpResponse.BodyHandlers.ofString()), 201);
        check(http.send(personal.build(), HttpResponse.BodyHandlers.ofString()), 201);
    }

    void measure(Map<String, List<Double>> results, String name, java.util.function.Supplier<String> tokens) throws Exception {
        measure(results, name, tokens, URI.create(base() + "/ngsi-ld/v1/entities/" + ID));
    }

    void measure(Map<String, List<Double>> results, String name, java.util.function.Supplier<String> tokens, URI uri)
            throws Exception {
        // warm-up as long as the measurement, not counted (the JIT is still compiling after start-up): requests
        // with the case's token when it is reusable, else without one (one-use tokens would be used up)
        String sample = tokens.get();
        boolean reusable = sample == null || sample.equals(tokens.get());
        runFor(uri, reusable ? tokens : () -> null, seconds);
        long start = System.nanoTime();
        long n = runFor(uri, tokens, seconds);
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(perSecond);
        System.out.printf(Locale.ROOT, "%-45s %8.0f req/s%n", name, perSecond);
    }

    long runFor(URI uri, java.util.function.Supplier<String> tokens, int secs) throws Exception {
        long end = System.nanoTime() + secs * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            all.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
                    String t = tokens.get();
                    if (t == STOP) {
                        break;
                    }
                    if (t != null) {
                        b.header("Authorization", "Bearer " + t);
                    }
                    HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("GET answered " + r.statusCode());
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        return done.get();
    }

    /** An RS256 JWT (RFC 7515/7519) for the default tenant with one role, valid for an hour, unique per call. */
    String token(String role) {
        try {
            long now = System.currentTimeMillis() / 1000;
            String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
            String claims = b64("{\"iss\":\"https://id.example.org/bench\",\"aud\":\"civic-broker\",\"sub\":\"bench\","
                    + "\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"jti\":\"" + tokenSerial.incrementAndGet() + "\","
                    + "\"roles\":[\"" + role + "\"]}");
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign((PrivateKey) keys.getPrivate());
            s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    String base() {
        return "http://localhost:" + port;
    }

    static void check(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + r.statusCode() + ": " + r.body());
        }
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
