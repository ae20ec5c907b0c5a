package org.civicbroker.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

/** A local HTTP notification receiver: records what it accepted; can be switched "down" (HTTP 503). */
public final class Receiver implements AutoCloseable {

    public record Received(String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();

    public Receiver() throws IOException {
        this(0);
    }

    Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (down.get()) {
                refused.incrementAndGet();
                ex.sendResponseHeaders(503, -1);
            } else {
                synchronized (received) {
                    received.add(new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), JSON.readTree(body)));
                }
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        server.start();
    }

    public String url() {
        return url("/notify");
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (at most 60 s) until at least n notifications arrived at the path. */
    List<Received> await(String path, int n) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (at(path).size() < n && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        return at(path);
    }

    void down(boolean d) {
        down.set(d);
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** Waits (at most 60 s: delivery is asynchronous) until at least n notifications arrived. */
    public List<Received> await(int n) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (received().size() < n && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
