package org.civicbroker.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged broker ({@code target/quarkus-app/quarkus-run.jar}) run as a separate JVM, for the failsafe
 * {@code *IT} tests that need real processes: a test can kill it with SIGKILL ({@link #kill()}, no shutdown at
 * all), stop it with SIGTERM ({@link #stop()}) and start it again on the same data directory and port; several
 * brokers can run side by side (federation). The port is chosen free at construction; the log is appended to,
 * each start and kill marked.
 */
public final class BrokerProcess {

    /** The packaged broker; {@code -Dbroker.jar=...} (or {@code -Dcrash.jar=...}) runs the tests against another build. */
    public static final Path JAR = Path.of(System.getProperty("broker.jar",
            System.getProperty("crash.jar", "target/quarkus-app/quarkus-run.jar")));

    /** How long a start may take: 20-80 s were seen on the shared 2-core machine under load. */
    private static final Duration START = Duration.ofSeconds(180);

    private final String dataDir;
    private final Path log;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    /** @param dataDir the store's directory ({@code NGSILD_DATA_DIR}) */
    public BrokerProcess(Path dataDir, Path log, Map<String, String> env) throws IOException {
        this(dataDir.toString(), log, env);
    }

    /** @param dataDir {@code NGSILD_DATA_DIR}: a directory, or {@code memory} for an empty in-memory store */
    public BrokerProcess(String dataDir, Path log, Map<String, String> env) throws IOException {
        this.dataDir = dataDir;
        this.log = log;
        this.port = freePort();
        this.env = env;
    }

    /**
     * A port nobody listens on now, below Linux's ephemeral range (32768-60999): a port the kernel hands out
     * (what {@code new ServerSocket(0)} returns) can be taken before the broker binds it by the local end of
     * an outgoing connection, such as another broker's connection to its embedded store (FederationIT failed
     * once so: "Port 35637 seems to be in use").
     */
    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: another one
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The broker's base URL (without /ngsi-ld/v1). */
    public String url() {
        return "http://localhost:" + port;
    }

    /** Starts the broker and waits until it answers (start-up replay included). */
    public void start(HttpClient http) throws IOException, InterruptedException {
        launch();
        awaitUp(http);
    }

    /** Starts the JVM without waiting (several brokers start in parallel; then {@link #awaitUp}). */
    public void launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("NGSILD_DATA_DIR", dataDir);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().putAll(env);
        Files.writeString(log, "=== start\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = pb.start();
    }

    /** Waits until the launched broker answers {@code GET /version}. */
    public void awaitUp(HttpClient http) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/version"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the broker did not answer within " + START.toSeconds() + " s; see " + log);
    }

    /** SIGKILL: no shutdown hook, no commit, no clean-close marker. */
    public void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor();
        Files.writeString(log, "=== SIGKILL\n", StandardOpenOption.APPEND);
    }

    /** SIGTERM and wait (a clean shutdown); SIGKILL when it has not ended after a minute. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The log's lines containing {@code text} (for the failure messages). */
    public List<String> logLines(String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
    }
}
