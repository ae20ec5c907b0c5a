package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTTS notifications through an in-process HiveMQ CE broker with two TLS listeners: one presenting a
 * certificate of the test CA the broker trusts ({@code civic.notification.tls.trust-store}), which receives
 * the notifications (MQTT 3.1.1 and 5.0), and one presenting a self-signed certificate, whose subscription
 * fails and is retried. A plain listener serves the test's own subscriber.
 */
@QuarkusTest
@TestProfile(TlsFixtures.TrustTestCa.class)
class MqttsNotificationApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static EmbeddedHiveMQ hivemq;
    private static Mqtt5AsyncClient listener;
    private static int port;
    private static int tlsPort;
    private static int untrustedPort;
    private static final List<String[]> messages = new ArrayList<>();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startBroker() throws Exception {
        port = freePort();
        tlsPort = freePort();
        untrustedPort = freePort();
        Path dir = Files.createTempDirectory("hivemq-tls");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), fixture("hivemq-tls-config.xml", "port", String.valueOf(port),
                "tlsPort", String.valueOf(tlsPort), "keystore", TlsFixtures.file("server.p12").toString(),
                "untrustedPort", String.valueOf(untrustedPort), "untrustedKeystore", TlsFixtures.file("untrusted.p12").toString()));
        hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().join();
        listener = MqttClient.builder().useMqttVersion5().identifier("test-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        listener.connect().join();
        listener.subscribeWith().topicFilter("civic-tls/#").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
            synchronized (messages) {
                messages.add(new String[] {p.getTopic().toString(), new String(p.getPayloadAsBytes())});
            }
        }).send().join();
    }

    @AfterAll
    static void stopBroker() {
        listener.disconnect().join();
        hivemq.stop().join();
    }

    static List<String[]> await(String topic, int n) throws InterruptedException {
        return MqttNotificationApiTest.await(messages, topic, n);
    }

    private static String version(String v) {
        return ", \"notifierInfo\": [{\"key\": \"MQTT-Version\", \"value\": \"" + v + "\"}, {\"key\": \"MQTT-QoS\", \"value\": \"1\"}]";
    }

    @Test
    void trustedTlsListenerReceivesUntrustedFails() throws Exception {
        String tenant = newTenant();
        String id = newId("Vehicle");
        String t3 = "civic-tls/" + UUID.randomUUID() + "/v3";
        String t5 = "civic-tls/" + UUID.randomUUID() + "/v5";
        String bad = "civic-tls/" + UUID.randomUUID() + "/untrusted";
        String badSub = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        HttpsNotificationApiTest.subscribe(tenant, "urn:ngsi-ld:Subscription:" + UUID.randomUUID(), id,
                "mqtts://user:secret@127.0.0.1:" + tlsPort + "/" + t3, version("mqtt3.1.1"));
        HttpsNotificationApiTest.subscribe(tenant, "urn:ngsi-ld:Subscription:" + UUID.randomUUID(), id,
                "mqtts://127.0.0.1:" + tlsPort + "/" + t5, version("mqtt5.0"));
        HttpsNotificationApiTest.subscribe(tenant, badSub, id, "mqtts://127.0.0.1:" + untrustedPort + "/" + bad,
                version("mqtt5.0"));
        ApiSupport.create(tenant, fixture("vehicle.json", "id", id, "speed", "12"));
        for (String topic : List.of(t3, t5)) {
            List<String[]> got = await(topic, 1);
            assertThat(got).as(topic).hasSize(1);
            JsonNode payload = MAPPER.readTree(got.get(0)[1]);
            assertThat(payload.get("metadata").get("NGSILD-Tenant").asText()).isEqualTo(tenant);
            assertThat(payload.get("body").get("data").get(0).get("speed").asInt()).isEqualTo(12);
        }
        JsonPath failed = HttpsNotificationApiTest.awaitFailed(tenant, badSub);
        assertThat(failed.getString("notification.status")).isEqualTo("failed");
        assertThat(failed.getInt("notification.timesFailed")).isGreaterThanOrEqualTo(2);
        synchronized (messages) {
            assertThat(messages.stream().filter(m -> m[0].equals(bad)).toList()).as("untrusted broker").isEmpty();
        }
        HttpsNotificationApiTest.delete(tenant, badSub);
    }
}
