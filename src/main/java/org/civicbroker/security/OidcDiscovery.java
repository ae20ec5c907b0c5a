package org.civicbroker.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Finds an identity provider's verification keys from its issuer URL alone, by OpenID Connect Discovery 1.0
 * (clause 4): {@code <issuer>/.well-known/openid-configuration} names the {@code jwks_uri}. This is what lets
 * one setting, {@code CIVIC_SECURITY_ISSUER}, turn security on (docs/security.md, "Modes"). The document's
 * {@code issuer} must be the configured one exactly (Discovery clause 4.3), so a misconfigured or spoofed
 * discovery document is refused rather than trusted.
 */
final class OidcDiscovery {

    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Discovery failed; the message names the URL and the reason, for the operator's log. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private OidcDiscovery() {
    }

    /** The discovery document's URL for an issuer (a trailing '/' of the issuer is not doubled). */
    static URI documentUrl(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + WELL_KNOWN);
    }

    /** Fetches the issuer's discovery document and answers its {@code jwks_uri}. */
    static String jwksUri(String issuer) {
        URI url = documentUrl(issuer);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failed("cannot fetch " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while fetching " + url);
        }
        if (response.statusCode() != 200) {
            throw new Failed(url + " answered " + response.statusCode());
        }
        return jwksUriOf(issuer, url, response.body());
    }

    /** The {@code jwks_uri} of a discovery document, checked against the configured issuer. Pure. */
    static String jwksUriOf(String issuer, URI url, String document) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(document);
        } catch (IOException e) {
            throw new Failed(url + " is not a JSON document");
        }
        String announced = doc.path("issuer").asText(null);
        if (!issuer.equals(announced)) {
            throw new Failed(url + " announces issuer '" + announced + "', not the configured '" + issuer + "'");
        }
        String jwks = doc.path("jwks_uri").asText(null);
        if (jwks == null || jwks.isBlank()) {
            throw new Failed(url + " names no jwks_uri");
        }
        return jwks;
    }
}
