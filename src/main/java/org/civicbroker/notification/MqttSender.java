package org.civicbroker.notification;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.subscription.MqttAddress;
import org.civicbroker.outgoing.OutgoingCredentials;
import org.civicbroker.outgoing.Secrets;
import org.civicbroker.subscription.Subscription;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * MQTT notification binding (GS CIM 009 V1.8.1): publishes
 * {@code {"metadata": {Content-Type, Link, receiverInfo...}, "body": notification}} to the endpoint's
 * topic with notifierInfo MQTT-Version (mqtt3.1.1 default, or mqtt5.0) and MQTT-QoS (0 default, 1, 2).
 * Connections (HiveMQ client) are pooled per broker, credentials and version; a connection that fails is
 * dropped from the pool so the retry reconnects. {@code mqtts://} uses TLS with the trust of {@link NotificationTls}.
 */
// created at start-up, not lazily on the first delivery's worker thread (whose context class loader
// was seen to belong to another application after a test JVM restarted Quarkus for a test profile)
@Startup
@ApplicationScoped
public class MqttSender implements Sender {

    private final Map<String, CompletableFuture<Object>> pool = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final MqttClientSslConfig ssl;
    private final OutgoingCredentials credentials;
    private final Secrets secrets;

    public MqttSender(NotificationTls tls, OutgoingCredentials credentials, Secrets secrets,
            @ConfigProperty(name = "civic.notification.http-timeout", defaultValue = "10S") java.time.Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        this.ssl = tls.get().mqtt();
        this.credentials = credentials;
        this.secrets = secrets;
    }

    @Override
    public Uni<Void> send(Subscription.Endpoint endpoint, Pending pending) {
        MqttAddress a = withLogin(MqttAddress.parse(endpoint.uri()));
        // receiverInfo secrets (references, encrypted values) are read only now (docs/security.md, "Outgoing calls")
        Pending n = pending.withHeaders(secrets.reveal(pending.headers()));
        boolean v5 = "mqtt5.0".equals(endpoint.notifierInfo().get("MQTT-Version"));
        MqttQos qos = MqttQos.fromCode(Integer.parseInt(endpoint.notifierInfo().getOrDefault("MQTT-QoS", "0")));
        byte[] payload = payload(n);
        String key = a.connectionKey(v5 ? "5" : "3");
        CompletableFuture<Object> client = pool.computeIfAbsent(key, k -> connect(a, v5));
        CompletableFuture<Object> published = client.thenCompose(c -> publish(c, a.topic(), qos, payload, n.contentType()))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return Uni.createFrom().completionStage(published).onFailure().invoke(e -> drop(key, client)).replaceWithVoid();
    }

    /**
     * An address without a user name gets the user name and password configured for its broker's host and port
     * ({@code civic.outgoing.credentials.<name>.username/password}), so that they need not be in the endpoint URI
     * that the subscription stores and shows.
     */
    private MqttAddress withLogin(MqttAddress a) {
        if (a.user() != null) {
            return a;
        }
        OutgoingCredentials.Login login = credentials.login(a.host(), a.port());
        return login == null ? a : new MqttAddress(a.tls(), a.host(), a.port(), login.username(), login.password(), a.topic());
    }

    private static CompletableFuture<Object> publish(Object c, String topic, MqttQos qos, byte[] payload, String contentType) {
        if (c instanceof Mqtt5AsyncClient c5) {
            return c5.publishWith().topic(topic).qos(qos).payload(payload).contentType(contentType).send()
                    .thenApply(r -> {
                        if (r.getError().isPresent()) {
                            throw new IllegalStateException(r.getError().get());
                        }
                        return (Object) r;
                    });
        }
        return ((Mqtt3AsyncClient) c).publishWith().topic(topic).qos(qos).payload(payload).send().thenApply(r -> (Object) r);
    }

    /** Host, port (default 1883, or 8883 for mqtts) and, for {@code mqtts://}, the TLS configuration. */
    static MqttClientBuilder builder(MqttAddress a, MqttClientSslConfig ssl) {
        MqttClientBuilder b = MqttClient.builder().identifier("civic-" + UUID.randomUUID()).serverHost(a.host())
                .serverPort(a.port());
        // mqtts://: the operator's CAs and host name verification (civic.notification.tls.*)
        return a.tls() ? b.sslConfig(ssl) : b;
    }

    private CompletableFuture<Object> connect(MqttAddress a, boolean v5) {
        MqttClientBuilder b = builder(a, ssl);
        byte[] password = a.password() == null ? null : a.password().getBytes(StandardCharsets.UTF_8);
        if (v5) {
            Mqtt5ClientBuilder b5 = b.useMqttVersion5();
            if (a.user() != null) {
                b5 = password == null ? b5.simpleAuth().username(a.user()).applySimpleAuth()
                        : b5.simpleAuth().username(a.user()).password(password).applySimpleAuth();
            }
            Mqtt5AsyncClient c = b5.buildAsync();
            return c.connect().thenApply(ack -> (Object) c).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        Mqtt3ClientBuilder b3 = b.useMqttVersion3();
        if (a.user() != null) {
            b3 = password == null ? b3.simpleAuth().username(a.user()).applySimpleAuth()
                    : b3.simpleAuth().username(a.user()).password(password).applySimpleAuth();
        }
        Mqtt3AsyncClient c = b3.buildAsync();
        return c.connect().thenApply(ack -> (Object) c).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void drop(String key, CompletableFuture<Object> client) {
        if (pool.remove(key, client)) {
            client.thenAccept(MqttSender::disconnect);
        }
    }

    private static void disconnect(Object c) {
        if (c instanceof Mqtt5AsyncClient c5) {
            c5.disconnect();
        } else if (c instanceof Mqtt3AsyncClient c3) {
            c3.disconnect();
        }
    }

    /** {"metadata": {...headers}, "body": notification} (MQTT binding). */
    static byte[] payload(Pending n) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode meta = out.putObject("metadata");
        meta.put("Content-Type", n.contentType());
        n.headers().forEach(meta::put);
        out.set("body", RequestReader.parse(n.body().getBytes(StandardCharsets.UTF_8)));
        return NotificationRenderer.write(out).getBytes(StandardCharsets.UTF_8);
    }

    void onStop(@Observes ShutdownEvent ev) {
        pool.values().forEach(f -> f.thenAccept(MqttSender::disconnect));
        pool.clear();
    }
}
