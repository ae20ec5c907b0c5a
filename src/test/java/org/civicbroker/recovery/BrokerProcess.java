package org.civicbroker.recovery;

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

/**
 * The packaged broker ({@code target/quarkus-app/quarkus-run.jar}) run as a separate JVM on a data
 * directory, so a test can kill it with SIGKILL ({@link Process#destroyForcibly()} on the java process
 * itself) and start it again on the same directory.
 */
final class BrokerProcess {

    /** The packaged broker; {@code -Dcrash.jar=...} runs the test against another build (e.g. the code before a fix). */
    static final Path JAR = Path.of(System.getProperty("crash.jar", "target/quarkus-app/quarkus-run.jar"));

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    BrokerProcess(Path dataDir, Path log, Map<String, String> env) throws IOException {
        this.dataDir = dataDir;
        this.log = log;
        this.port = freePort();
        this.env = env;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** How long a start may take: 20-80 s were seen on the shared 2-core machine under load. */
    private static final Duration START = Duration.ofSeconds(180);

    /** Starts the broker and waits until it answers (start-up replay included). */
    void start(HttpClient http) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("NGSILD_DATA_DIR", dataDir.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().putAll(env);
        Files.writeString(log, "=== start\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = pb.start();
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
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor();
        Files.writeString(log, "=== SIGKILL\n", StandardOpenOption.APPEND);
    }

    /** SIGTERM and wait (a clean shutdown). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    /** The log's lines containing {@code text} (for the failure messages). */
    List<String> logLines(String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
    }
}
