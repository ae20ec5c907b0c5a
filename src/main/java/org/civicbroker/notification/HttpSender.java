package org.civicbroker.notification;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.civicbroker.outgoing.OutgoingCredentials;
import org.civicbroker.outgoing.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.civicbroker.subscription.Subscription;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP(S) binding (clause 7.2 / 5.11): POST of the notification with Content-Type, Link (application/json)
 * and receiverInfo headers; any 2xx is success. The Vert.x client is non-blocking and keeps a bounded
 * connection pool per host, so a slow endpoint holds only its own connections. {@code https://} endpoints are
 * authenticated with the trust of {@link NotificationTls} (operator CAs, host name verification).
 */
// created at start-up, not lazily on the first delivery's worker thread (whose context class loader
// was seen to belong to another application after a test JVM restarted Quarkus for a test profile)
@Startup
@ApplicationScoped
public class HttpSender implements Sender {

    private final WebClient client;
    private final long timeoutMillis;

    private final OutgoingCredentials credentials;
    private final Secrets secrets;

    public HttpSender(Vertx vertx, NotificationTls tls, OutgoingCredentials credentials, Secrets secrets,
            @ConfigProperty(name = "civic.notification.http-timeout", defaultValue = "10S") Duration timeout,
            @ConfigProperty(name = "civic.notification.http-pool-size", defaultValue = "16") int poolSize) {
        this.timeoutMillis = timeout.toMillis();
        this.credentials = credentials;
        this.secrets = secrets;
        // https:// endpoints: the operator's CAs and host name verification (civic.notification.tls.*)
        this.client = WebClient.create(vertx, tls.get().applyTo(new WebClientOptions()
                .setMaxPoolSize(poolSize)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("civic-broker")));
    }

    @Override
    public Uni<Void> send(Subscription.Endpoint endpoint, Pending n) {
        // the credential configured for the endpoint's host (docs/security.md, "Outgoing calls"); a header the
        // subscription's receiverInfo names itself wins
        return credentials.authorization(endpoint.uri()).chain(authorization -> {
            HttpRequest<Buffer> req = client.requestAbs(HttpMethod.POST, endpoint.uri())
                    .timeout(endpoint.timeoutMillis() > 0 ? Math.min(endpoint.timeoutMillis(), timeoutMillis) : timeoutMillis)
                    .putHeader("Content-Type", n.contentType());
            if (authorization != null) {
                req.putHeader("Authorization", authorization);
            }
            // receiverInfo secrets (references, encrypted values) are read only now, never stored in clear
            secrets.reveal(n.headers()).forEach(req::putHeader);
            return req.sendBuffer(Buffer.buffer(n.body()));
        }).map(r -> {
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " from " + endpoint.uri());
            }
            return r;
        }).replaceWithVoid();
    }
}
