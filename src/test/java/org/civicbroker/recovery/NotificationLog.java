package org.civicbroker.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP receiver for the crash test's subscription: records, in arrival order, one event per entity
 * in each notification: the entity id, its {@code n} value (or {@link #DELETED}), and the broker "epoch"
 * (how many times it had been started) when it arrived.
 */
final class NotificationLog implements AutoCloseable {

    static final long DELETED = -1;

    record Event(String entityId, long n, int epoch) {
        String key() {
            return entityId + "#" + n;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Event> events = new ArrayList<>();
    private volatile int epoch;

    NotificationLog() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/notify", exchange -> {
            try (exchange) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                synchronized (events) {
                    for (JsonNode e : body.path("data")) {
                        JsonNode n = e.path("n");
                        long value = n.isObject() && n.has("value") ? n.get("value").asLong()
                                : n.isNumber() ? n.asLong() : DELETED;
                        events.add(new Event(e.path("id").asText(), value, epoch));
                    }
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    void epoch(int e) {
        epoch = e;
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
