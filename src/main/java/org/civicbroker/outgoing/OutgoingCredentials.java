package org.civicbroker.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The {@code Authorization} header the broker presents to a destination it calls (notifications, forwarded
 * requests): a static bearer token, or an access token obtained with the OAuth 2 client credentials grant
 * (RFC 6749 clause 4.4, client authenticated with HTTP Basic, clause 2.3.1) and reused until shortly before
 * it expires. Destinations without a configured credential get no header. docs/security.md, "Outgoing calls".
 */
@ApplicationScoped
public class OutgoingCredentials {

    private static final Logger LOG = Logger.getLogger(OutgoingCredentials.class);
    /** A token is renewed this long before its {@code expires_in} runs out. */
    static final long RENEW_BEFORE_SECONDS = 30;
    /** Used when the token endpoint gives no {@code expires_in}. */
    static final long DEFAULT_LIFETIME_SECONDS = 300;

    private record Token(String value, Instant renewAt) {
    }

    private final List<Credential> credentials;
    private final WebClient client;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public OutgoingCredentials(OutgoingConfig config, Vertx vertx) {
        this.credentials = config.credentials().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Credential.of(e.getKey(), e.getValue())).toList();
        this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout(10_000).setUserAgent("civic-broker"));
    }

    void onStart(@Observes StartupEvent ev) {
        if (!credentials.isEmpty()) {
            LOG.infof("Outgoing credentials: %s", String.join("; ", credentials.stream().map(Credential::describe).toList()));
        }
    }

    /** The Authorization header value for a call to {@code url}; null item when none is configured. */
    public Uni<String> authorization(String url) {
        Credential c = find(url);
        if (c == null) {
            return Uni.createFrom().nullItem();
        }
        String now = immediate(c);
        return now != null ? Uni.createFrom().item(now) : fetch(c).map(token -> "Bearer " + token.value());
    }

    /**
     * As {@link #authorization}, for a caller on a worker thread (the @context fetcher): a static credential or a
     * token still valid is answered at once, a token to obtain is waited for at most {@code timeout}.
     */
    public String authorizationNow(String url, java.time.Duration timeout) {
        Credential c = find(url);
        if (c == null) {
            return null;
        }
        String now = immediate(c);
        return now != null ? now : fetch(c).map(token -> "Bearer " + token.value()).await().atMost(timeout);
    }

    /** The header value without a call to the token endpoint; null when a token must be obtained first. */
    private String immediate(Credential c) {
        if (c.basic()) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (c.username() + ":" + c.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!c.clientCredentials()) {
            return "Bearer " + c.bearerToken();
        }
        Token t = tokens.get(c.name());
        return t != null && clock.instant().isBefore(t.renewAt()) ? "Bearer " + t.value() : null;
    }

    /** A user name and password, e.g. for an MQTT broker's CONNECT. */
    public record Login(String username, String password) {
    }

    /**
     * The user name and password configured for a connection to {@code host:port} (an MQTT broker), or null
     * when no user name and password credential names it.
     */
    public Login login(String host, int port) {
        return credentials.stream().filter(c -> c.basic() && c.appliesTo(host, port)).findFirst()
                .map(c -> new Login(c.username(), c.password())).orElse(null);
    }

    private Credential find(String url) {
        if (credentials.isEmpty()) {
            return null;
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return credentials.stream().filter(c -> c.appliesTo(u)).findFirst().orElse(null);
    }

    private Uni<Token> fetch(Credential c) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials");
        if (c.scope() != null) {
            form.add("scope", c.scope());
        }
        return client.postAbs(c.tokenUrl()).timeout(10_000).basicAuthentication(c.clientId(), c.clientSecret())
                .putHeader("Accept", "application/json")
                .sendForm(io.vertx.mutiny.core.MultiMap.newInstance(form)).map(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("token endpoint of outgoing credential " + c.name() + " answered "
                                + r.statusCode());
                    }
                    JsonNode json;
                    try {
                        json = new ObjectMapper().readTree(r.bodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException("token endpoint of outgoing credential " + c.name()
                                + " answered no JSON");
                    }
                    String access = json.path("access_token").asText(null);
                    if (access == null || access.isBlank()) {
                        throw new IllegalStateException("token endpoint of outgoing credential " + c.name()
                                + " answered no access_token");
                    }
                    long lifetime = json.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS);
                    Token t = new Token(access, clock.instant().plusSeconds(Math.max(0, lifetime - RENEW_BEFORE_SECONDS)));
                    tokens.put(c.name(), t);
                    return t;
                });
    }
}
