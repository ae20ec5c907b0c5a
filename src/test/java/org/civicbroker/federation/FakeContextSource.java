package org.civicbroker.federation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A context source for the tests: answers configured replies by method and path (with query string) and
 * records every request it received. An unconfigured request is answered 404 (as an NGSI-LD source that
 * holds nothing would).
 */
final class FakeContextSource implements AutoCloseable {

    record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Request> received = new ArrayList<>();

    FakeContextSource() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String pq = ex.getRequestURI().getPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                received.add(new Request(ex.getRequestMethod(), pq, Map.copyOf(ex.getRequestHeaders()), body));
            }
            Reply r = replies.getOrDefault(ex.getRequestMethod() + " " + pq, new Reply(404, null, null, Map.of()));
            if (r.body() == null) {
                ex.sendResponseHeaders(r.status(), -1);
            } else {
                byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", r.contentType());
                r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(r.status(), bytes.length);
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void reply(String method, String pathAndQuery, int status, String jsonBody) {
        reply(method, pathAndQuery, status, jsonBody, Map.of());
    }

    /** A reply with these response headers as well (e.g. Content-Range). */
    void reply(String method, String pathAndQuery, int status, String jsonBody, Map<String, String> headers) {
        replies.put(method + " " + pathAndQuery, new Reply(status, "application/json", jsonBody, headers));
    }

    List<Request> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** Waits (at most 30 s) until n requests arrived: forwarding is asynchronous to nothing, but notifications are. */
    List<Request> await(int n) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
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
