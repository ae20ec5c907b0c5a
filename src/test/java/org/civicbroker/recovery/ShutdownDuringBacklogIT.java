package org.civicbroker.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.civicbroker.testsupport.BrokerProcess;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, ordered shutdown on the packaged broker: a SIGTERM while the temporal history is far behind (a
 * backlog of thousands of changes) stops the consumers before the store closes, so the store is closed
 * cleanly (the clean-close marker is there), and the next start checks no index (no "not closed cleanly"
 * line: on a store of several GB that check took more than ten minutes) and hands the backlog to the
 * consumers, which then complete the history.
 *
 * <p>Before the fix the consumer went on after the store's bean was destroyed, CDI created the bean again,
 * which opened the store again (deleting the marker) and never closed it: this test then failed on the
 * marker. Runs after {@code package} (failsafe); skipped when the jar is absent.
 */
class ShutdownDuringBacklogIT {

    private static final String NOT_CLEAN = "was not closed cleanly";
    private static final Duration HISTORY = Duration.ofSeconds(300);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aStopDuringATemporalBacklogClosesTheStoreCleanlyAndTheNextStartChecksNoIndex() throws Exception {
        assumeTrue(Files.isRegularFile(BrokerProcess.JAR), BrokerProcess.JAR + " is missing: run the package phase first");
        Path data = Files.createTempDirectory("civic-backlog-");
        Path log = data.resolve("broker.log");
        BrokerProcess broker = new BrokerProcess(data.resolve("store"), log, Map.of());
        String base = broker.url() + "/ngsi-ld/v1";
        int created = 0;
        try {
            broker.start(http);
            // batches of creates until the temporal consumer is well behind (it records far fewer changes a second)
            while (created < 20_000 && (created < 2_000 || backlog(broker, "temporal") < 1_000)) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 500; i++, created++) {
                    body.append(i > 0 ? "," : "").append("{\"id\":\"urn:ngsi-ld:Backlog:").append(created)
                            .append("\",\"type\":\"Backlog\",\"level\":{\"type\":\"Property\",\"value\":").append(created).append("}}");
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/entityOperations/create"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            assertThat(backlog(broker, "temporal")).as("a temporal backlog at the stop").isPositive();
        } finally {
            broker.stop();  // SIGTERM
        }
        assertThat(data.resolve("store").resolve("civic-broker.clean")).as("clean-close marker after the SIGTERM").exists();
        assertThat(broker.logLines("Memory budget")).as("the store was opened once, not again during shutdown").hasSize(1);
        assertThat(broker.logLines("Change consumers stopped; changes left for the next start"))
                .as("the stop found the consumers busy").isNotEmpty();
        assertThat(broker.logLines("Embedded store closed cleanly")).hasSize(1);

        broker.start(http);
        try {
            List<String> afterRestart = linesAfterLastStart(log);
            assertThat(afterRestart).as("no index check at the restart").noneMatch(l -> l.contains(NOT_CLEAN));
            assertThat(afterRestart).as("the backlog handed over again")
                    .anyMatch(l -> l.contains("pending from before the restart handed to their consumers"));
            // the history completes: the last entity created (the temporal consumer works in journal order)
            String last = base + "/temporal/entities/urn:ngsi-ld:Backlog:" + (created - 1);
            long deadline = System.nanoTime() + HISTORY.toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && (status = get(last).statusCode()) != 200) {
                Thread.sleep(500);
            }
            assertThat(status).as("history of the last entity created before the stop").isEqualTo(200);
        } finally {
            broker.stop();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code ngsild_change_consumer_backlog{consumer=...}} from /q/metrics. */
    private long backlog(BrokerProcess broker, String consumer) throws IOException, InterruptedException {
        String prefix = "ngsild_change_consumer_backlog{consumer=\"" + consumer + "\"}";
        return get(broker.url() + "/q/metrics").body().lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
    }

    private static List<String> linesAfterLastStart(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("=== start")) {
                from = i;
            }
        }
        return lines.subList(from, lines.size());
    }
}
