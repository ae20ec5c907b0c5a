package org.civicbroker.jsonld;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server serving context fixtures, counting requests per path. */
final class ContextServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    ContextServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "context-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves a fixture from src/test/resources/fixtures/jsonld/ at /name. */
    ContextServer fixture(String name) {
        return body("/" + name, read(name));
    }

    ContextServer body(String path, byte[] body) {
        bodies.put(path, body);
        return this;
    }

    /** Answers a path with a 302 to {@code location}. */
    ContextServer redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    /** Delays the response for a path (the body is served afterwards). */
    ContextServer delay(String path, long millis) {
        delays.put(path, millis);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** A loopback URL nobody listens on: connection refused, immediately. */
    static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/context.jsonld";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(String name) {
        try (InputStream in = ContextServer.class.getResourceAsStream("/fixtures/jsonld/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            sleep(delays.getOrDefault(path, 0L));
            if (redirects.containsKey(path)) {
                exchange.getResponseHeaders().add("Location", redirects.get(path));
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            switch (path) {
                case "/slow.jsonld" -> sleep(3_000);
                case "/redirect.jsonld" -> {
                    exchange.getResponseHeaders().add("Location", url("/environment-context.jsonld"));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                case "/chunked-huge.jsonld" -> {
                    // No Content-Length: the size limit must be enforced while reading the body.
                    exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
                    exchange.sendResponseHeaders(200, 0);
                    writeHuge(exchange.getResponseBody());
                    return;
                }
                default -> { }
            }
            byte[] body = bodies.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // The client gave up (timeout or size limit): expected in those tests.
        }
    }

    private static void writeHuge(OutputStream out) throws IOException {
        out.write("{\"@context\": {\"padding\": \"".getBytes());
        byte[] chunk = "x".repeat(8192).getBytes();
        for (int i = 0; i < 64; i++) {
            out.write(chunk);
        }
        out.write("\"}}".getBytes());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
