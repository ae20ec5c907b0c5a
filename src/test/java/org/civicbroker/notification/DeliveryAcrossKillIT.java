package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.civicbroker.testsupport.BrokerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery guarantee of docs/subscriptions.md, end to end on the packaged broker: while the receiver is down
 * (answering 503), updates are acknowledged and the broker process is then stopped with SIGTERM or killed with
 * SIGKILL; restarted on the same H2 data directory with the receiver back, it delivers every acknowledged update
 * exactly once and in order, followed by the updates made after the restart.
 *
 * <p>Runs under failsafe after {@code package} ({@code /work/etsi/mvn verify -Dit.test=DeliveryAcrossKillIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}); skipped when {@code target/quarkus-app/quarkus-run.jar}
 * is absent. Each case starts the broker twice (about 10-30 s each on a loaded machine).
 */
class DeliveryAcrossKillIT {

    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private static final int BEFORE_KILL = 40;
    private static final int AFTER_RESTART = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void everyAcknowledgedUpdateIsNotifiedOnceInOrderAcrossAStopAndARestart(String signal) throws Exception {
        assumeTrue(Files.isRegularFile(BrokerProcess.JAR), BrokerProcess.JAR + " is missing: run the package phase first");
        Path data = Files.createTempDirectory("civic-kill-" + signal.toLowerCase());
        BrokerProcess broker = new BrokerProcess(data, data.resolve("broker.log"),
                Map.of("NGSILD_NOTIFICATION_RETRY_INITIAL", "PT0.2S", "NGSILD_NOTIFICATION_RETRY_MAX", "PT1S"));
        String base = broker.url() + "/ngsi-ld/v1";
        String id = "urn:ngsi-ld:Counter:" + UUID.randomUUID();
        List<Integer> acknowledged = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            receiver.down(true);
            broker.start(http);
            try {
                send("POST", base + "/entities", fixture("counter-entity.json", "id", id), 201);
                send("POST", base + "/subscriptions",
                        fixture("counter-subscription.json", "id", id, "uri", receiver.url()), 201);
                for (int n = 1; n <= BEFORE_KILL; n++) {
                    send("PATCH", base + "/entities/" + id + "/attrs", fixture("counter-update.json", "n", String.valueOf(n)), 204);
                    acknowledged.add(n);
                }
                waitFor(() -> receiver.refused.get() > 0, DELIVERY, "a first delivery attempt (refused by the receiver)");
            } finally {
                stop(broker, signal);
            }
            assertThat(receiver.received()).as("receiver down: nothing accepted before the stop").isEmpty();

            receiver.down(false);
            broker.start(http);
            try {
                for (int n = BEFORE_KILL + 1; n <= BEFORE_KILL + AFTER_RESTART; n++) {
                    send("PATCH", base + "/entities/" + id + "/attrs", fixture("counter-update.json", "n", String.valueOf(n)), 204);
                    acknowledged.add(n);
                }
                // Notifications of one subscription are delivered in order: once the last update's has arrived,
                // everything queued before it (a duplicate included) has arrived too.
                int last = acknowledged.get(acknowledged.size() - 1);
                waitFor(() -> values(receiver).contains(last), DELIVERY, "the notification of update " + last);
                assertThat(values(receiver)).as("each acknowledged update once, in order").containsExactlyElementsOf(acknowledged);
            } finally {
                broker.stop();
            }
        }
    }

    private static List<Integer> values(Receiver receiver) {
        List<Integer> out = new ArrayList<>();
        for (Receiver.Received r : receiver.received()) {
            r.body().get("data").forEach(e -> out.add(e.get("n").asInt()));
        }
        return out;
    }

    /** SIGTERM: a graceful shutdown; SIGKILL: no shutdown at all. */
    private static void stop(BrokerProcess broker, String signal) throws Exception {
        if ("SIGKILL".equals(signal)) {
            broker.kill();
        } else {
            broker.stop();
        }
    }

    private void send(String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(expected);
    }

    private static void waitFor(BooleanSupplier condition, Duration atMost, String what) throws InterruptedException {
        Instant end = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String fixture(String name, String... keyValues) throws IOException {
        try (var in = DeliveryAcrossKillIT.class.getResourceAsStream("/fixtures/notification/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < keyValues.length; i += 2) {
                text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
            }
            return text;
        }
    }

}
