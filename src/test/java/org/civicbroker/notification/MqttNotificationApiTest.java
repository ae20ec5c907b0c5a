package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT notifications (MQTT binding) through an in-process HiveMQ CE broker: MQTT 3.1.1 and 5.0, QoS
 * 0/1/2, credentials in the URI, payload {"metadata": {...}, "body": notification}.
 */
@QuarkusTest
class MqttNotificationApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static EmbeddedHiveMQ hivemq;
    private static Mqtt5AsyncClient listener;
    private static int port;
    private static final List<String[]> messages = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("hivemq");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), fixture("hivemq-config.xml", "port", String.valueOf(port)));
        hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap()  // HiveMQ would otherwise configure logback over Quarkus' logging
                .build();
        hivemq.start().join();
        listener = MqttClient.builder().useMqttVersion5().identifier("test-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        listener.connect().join();
        listener.subscribeWith().topicFilter("civic/#").qos(MqttQos.EXACTLY_ONCE).callback(p -> {
            synchronized (messages) {
                messages.add(new String[] {p.getTopic().toString(), new String(p.getPayloadAsBytes()), p.getQos().name()});
            }
        }).send().join();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        listener.disconnect().join();
        hivemq.stop().join();
    }

    static List<String[]> await(String topic, int n) throws InterruptedException {
        return await(messages, topic, n);
    }

    /** Waits (at most 60 s) until {@code received} ({topic, payload, ...} entries) holds n messages on the topic. */
    static List<String[]> await(List<String[]> received, String topic, int n) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        List<String[]> got;
        do {
            synchronized (received) {
                got = received.stream().filter(m -> m[0].equals(topic)).toList();
            }
            if (got.size() >= n) {
                return got;
            }
            Thread.sleep(20);
        } while (Instant.now().isBefore(end));
        return got;
    }

    @Test
    void mqtt311AndMqtt5WithQos() throws Exception {
        String tenant = newTenant();
        String id = newId("Vehicle");
        String t3 = "civic/" + UUID.randomUUID() + "/v3";
        String t5 = "civic/" + UUID.randomUUID() + "/v5";
        in(tenant).contentType(JSON).body(fixture("mqtt.json", "id", id, "uri", "mqtt://user:secret@127.0.0.1:" + port + "/" + t3,
                "version", "mqtt3.1.1", "qos", "1")).when().post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        in(tenant).contentType(JSON).body(fixture("mqtt.json", "id", id, "uri", "mqtt://127.0.0.1:" + port + "/" + t5,
                "version", "mqtt5.0", "qos", "2")).when().post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        ApiSupport.create(tenant, fixture("vehicle.json", "id", id, "speed", "7"));
        in(tenant).contentType(JSON).body("{\"speed\": {\"type\": \"Property\", \"value\": 8}}")
                .when().patch(ApiSupport.path(id) + "/attrs").then().statusCode(204);
        for (String topic : List.of(t3, t5)) {
            List<String[]> got = await(topic, 2);
            assertThat(got).as(topic).hasSize(2);
            JsonNode payload = MAPPER.readTree(got.get(1)[1]);
            assertThat(payload.get("metadata").get("Content-Type").asText()).isEqualTo("application/json");
            assertThat(payload.get("metadata").get("X-Source").asText()).isEqualTo("civic");
            assertThat(payload.get("metadata").get("NGSILD-Tenant").asText()).isEqualTo(tenant);
            JsonNode body = payload.get("body");
            assertThat(body.get("type").asText()).isEqualTo("Notification");
            assertThat(body.get("data").get(0).get("speed").asInt()).isEqualTo(8);
            assertThat(MAPPER.readTree(got.get(0)[1]).get("body").get("data").get(0).get("speed").asInt()).isEqualTo(7);
        }
        // the listener subscribed with QoS 2: the delivered QoS is the publisher's
        assertThat(await(t3, 2).get(0)[2]).isEqualTo("AT_LEAST_ONCE");
        assertThat(await(t5, 2).get(0)[2]).isEqualTo("EXACTLY_ONCE");
    }
}
