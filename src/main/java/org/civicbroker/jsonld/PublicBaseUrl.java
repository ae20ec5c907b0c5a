package org.civicbroker.jsonld;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The base URL of the contexts the broker serves (hosted and implicitly created, clause 5.13):
 * {@code civic.jsonld.public-base-url} when set (set it behind a reverse proxy), else the scheme and
 * Host header of the current request, else {@code http://localhost:<port>}.
 */
@ApplicationScoped
public class PublicBaseUrl {

    /** A host name, IPv4 or bracketed IPv6 address, with an optional port: anything else is not echoed. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:\\d{1,5})?");

    private final Optional<String> configured;
    private final String fallback;
    private final TitaniumContextResolver resolver;

    public PublicBaseUrl(@ConfigProperty(name = "civic.jsonld.public-base-url") Optional<String> configured,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "1026") int port,
            TitaniumContextResolver resolver) {
        this.configured = configured.map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.fallback = "http://localhost:" + port;
        this.resolver = resolver;
    }

    void onStart(@Observes StartupEvent ev) {
        resolver.baseUrl(this::current);
    }

    /** The base URL for the request being served (or the configured / fallback base outside a request). */
    public String current() {
        if (configured.isPresent()) {
            return configured.get();
        }
        return fromRequest().orElse(fallback);
    }

    private static Optional<String> fromRequest() {
        try {
            ManagedContext requestContext = Arc.container().requestContext();
            if (!requestContext.isActive()) {
                return Optional.empty();
            }
            RoutingContext rc = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
            if (rc == null) {
                return Optional.empty();
            }
            String host = rc.request().getHeader("Host");
            String scheme = rc.request().scheme();
            if (host == null || !HOST.matcher(host).matches() || !("http".equals(scheme) || "https".equals(scheme))) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + host);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
