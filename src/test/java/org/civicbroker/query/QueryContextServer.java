package org.civicbroker.query;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A loopback HTTP server serving one JSON-LD context fixture at /context.jsonld (a user @context URL). */
public final class QueryContextServer implements AutoCloseable {

    private final HttpServer server;

    public QueryContextServer(String fixture) {
        byte[] body = QueryApiSupport.fixture(fixture).getBytes(StandardCharsets.UTF_8);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/context.jsonld", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/context.jsonld";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
