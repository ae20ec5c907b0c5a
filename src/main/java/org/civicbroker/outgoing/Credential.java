package org.civicbroker.outgoing;

import java.net.URI;
import java.util.Locale;

/**
 * One configured outgoing credential, checked: a destination ({@code host} or {@code host:port}) and one of a
 * static bearer token, OAuth 2 client credentials, or a user name and password (HTTP Basic, MQTT CONNECT). Pure.
 */
record Credential(String name, String host, Integer port, String bearerToken, String tokenUrl, String clientId,
        String clientSecret, String scope, String username, String password) {

    static Credential of(String name, OutgoingConfig.Destination d) {
        String where = "civic.outgoing.credentials." + name;
        String h = d.host().trim().toLowerCase(Locale.ROOT);
        Integer port = null;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {  // host:port (an IPv6 address has several colons)
            try {
                port = Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(where + ".host: not a host or host:port: " + d.host());
            }
            h = h.substring(0, colon);
        }
        boolean bearer = d.bearerToken().isPresent();
        boolean client = d.tokenUrl().isPresent() || d.clientId().isPresent() || d.clientSecret().isPresent();
        boolean basic = d.username().isPresent() || d.password().isPresent();
        if ((bearer ? 1 : 0) + (client ? 1 : 0) + (basic ? 1 : 0) != 1) {
            throw new IllegalStateException(where + ": set one of bearer-token; token-url, client-id and client-secret; "
                    + "or username and password");
        }
        if (basic && (d.username().isEmpty() || d.password().isEmpty())) {
            throw new IllegalStateException(where + ": set both username and password");
        }
        if (client && (d.tokenUrl().isEmpty() || d.clientId().isEmpty() || d.clientSecret().isEmpty())) {
            throw new IllegalStateException(where + ": the client credentials grant needs token-url, client-id and client-secret");
        }
        if (client) {
            URI u = URI.create(d.tokenUrl().get());
            if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalStateException(where + ".token-url: not an http(s) URL");
            }
        }
        return new Credential(name, h, port, d.bearerToken().orElse(null), d.tokenUrl().orElse(null),
                d.clientId().orElse(null), d.clientSecret().orElse(null), d.scope().orElse(null), d.username().orElse(null),
                d.password().orElse(null));
    }

    boolean clientCredentials() {
        return tokenUrl != null;
    }

    boolean basic() {
        return username != null;
    }

    /** Whether a connection to this host and port goes to the credential's destination. */
    boolean appliesTo(String h, int p) {
        return h != null && h.equalsIgnoreCase(host) && (port == null || port == p);
    }

    /** Whether a call to this URL goes to the credential's destination. */
    boolean appliesTo(URI url) {
        if (url.getHost() == null || !url.getHost().equalsIgnoreCase(host)) {
            return false;
        }
        if (port == null) {
            return true;
        }
        int p = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return p == port;
    }

    /** What the start-up log says about it: never the secret. */
    String describe() {
        return name + " -> " + host + (port == null ? "" : ":" + port) + " ("
                + (clientCredentials() ? "OAuth 2 client credentials from " + tokenUrl + " as " + clientId
                        : basic() ? "user name and password of " + username : "static bearer token") + ")";
    }
}
