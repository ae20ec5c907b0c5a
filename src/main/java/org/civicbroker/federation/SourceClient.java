package org.civicbroker.federation;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.civicbroker.outgoing.OutgoingCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.civicbroker.registration.Registration;
import org.civicbroker.registration.RegistrationRegistry;
import org.civicbroker.registration.RegistrationStats;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP client of distributed operations (clause 4.3.6). Every call is bounded: a connect and a response
 * timeout (the registration's {@code management.timeout}, clause 5.2.34, capped by
 * {@code civic.federation.timeout}), at most {@code civic.federation.max-concurrent-per-source} requests in
 * flight per endpoint (more fail at once instead of queueing behind a slow source), no redirects followed,
 * and a registration's endpoint, which is user input, is refused when it resolves to a link-local,
 * unspecified or multicast address (cloud metadata services) or, when {@code civic.federation.allowed-endpoints}
 * is set, when it starts with none of the allowed URL prefixes. A source cooling down after a failure
 * ({@code management.cooldown}) is not contacted. Each call updates the registration's status members.
 */
@Startup
@ApplicationScoped
public class SourceClient {

    /** The answer of a context source. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /** A source that could not be asked or did not answer in time. */
    public static final class SourceFailure extends RuntimeException {
        public SourceFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final WebClient client;
    private final RegistrationRegistry registry;
    private final long timeoutMillis;
    private final int maxConcurrent;
    private final List<String> allowed;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private final OutgoingCredentials credentials;

    public SourceClient(Vertx vertx, RegistrationRegistry registry, OutgoingCredentials credentials,
            @ConfigProperty(name = "civic.federation.timeout", defaultValue = "5S") Duration timeout,
            @ConfigProperty(name = "civic.federation.max-concurrent-per-source", defaultValue = "16") int maxConcurrent,
            @ConfigProperty(name = "civic.federation.allowed-endpoints") Optional<List<String>> allowed) {
        this.registry = registry;
        this.credentials = credentials;
        this.timeoutMillis = timeout.toMillis();
        this.maxConcurrent = maxConcurrent;
        this.allowed = allowed.orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setMaxPoolSize(Math.max(1, maxConcurrent))
                .setUserAgent("civic-broker"));
    }

    /**
     * Sends one request to the registration's endpoint.
     *
     * @param pathAndQuery the NGSI-LD path (starting /ngsi-ld/v1/) with its query string
     */
    public Uni<Reply> send(Registration r, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        RegistrationStats stats = registry.stats(r.tenant(), r.id());
        if (stats.coolingDown(Instant.now(), r.cooldownMillis())) {
            return Uni.createFrom().failure(new SourceFailure("cooling down after a failure"));
        }
        String url = join(r.endpoint(), pathAndQuery);
        return Uni.createFrom().item(() -> {
            checkEndpoint(r.endpoint());
            return url;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // the credential configured for the source's host (docs/security.md, "Outgoing calls")
                .chain(u -> credentials.authorization(u).chain(auth -> call(r, method, u, withAuthorization(headers, auth), body)))
                .invoke(reply -> {
                    if (reply.status() >= 500) {
                        stats.failed(Instant.now());
                    } else {
                        stats.sent(Instant.now());
                    }
                })
                .onFailure().invoke(e -> stats.failed(Instant.now()));
    }

    private Uni<Reply> call(Registration r, String method, String url, Map<String, String> headers, byte[] body) {
        String key = origin(r.endpoint());
        AtomicInteger n = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        if (n.incrementAndGet() > maxConcurrent) {
            n.decrementAndGet();
            return Uni.createFrom().failure(new SourceFailure("more than " + maxConcurrent + " requests in flight to " + key));
        }
        long timeout = r.timeoutMillis() > 0 ? Math.min(r.timeoutMillis(), timeoutMillis) : timeoutMillis;
        HttpRequest<Buffer> req = client.requestAbs(HttpMethod.valueOf(method), url).timeout(timeout);
        headers.forEach(req::putHeader);
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendBuffer(Buffer.buffer(body));
        return sent.map(resp -> {
            Map<String, String> h = new LinkedHashMap<>();
            resp.headers().forEach(e -> h.merge(e.getKey(), e.getValue(), (a, b) -> a + ", " + b));
            Buffer b = resp.body();
            return new Reply(resp.statusCode(), h, b == null ? new byte[0] : b.getBytes());
        }).onFailure().transform(e -> e instanceof SourceFailure ? e : new SourceFailure(
                e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())))
                .onTermination().invoke(n::decrementAndGet);
    }

    private static Map<String, String> withAuthorization(Map<String, String> headers, String authorization) {
        if (authorization == null || headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
            return headers;
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Authorization", authorization);
        return h;
    }

    static String join(String endpoint, String pathAndQuery) {
        String base = endpoint;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + pathAndQuery;
    }

    private static String origin(String endpoint) {
        try {
            URI u = new URI(endpoint);
            return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
        } catch (Exception e) {
            return endpoint;
        }
    }

    /** The endpoint guard (see the class comment). */
    void checkEndpoint(String endpoint) {
        if (!allowed.isEmpty() && allowed.stream().noneMatch(endpoint::startsWith)) {
            throw new SourceFailure("endpoint " + endpoint + " is not among civic.federation.allowed-endpoints");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (Exception e) {
            throw new SourceFailure("endpoint " + endpoint + " is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new SourceFailure("endpoint " + endpoint + " is not an http(s) URL");
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                    throw new SourceFailure("endpoint host " + uri.getHost() + " is a link-local, unspecified or multicast address");
                }
            }
        } catch (UnknownHostException e) {
            throw new SourceFailure("endpoint host " + uri.getHost() + " is unknown");
        }
    }
}
