package org.civicbroker.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A minimal OpenID Connect provider for the tests: serves the discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) and the JWK set of {@link TestKeys}' trusted key, so
 * that a broker configured with nothing but {@code civic.security.issuer} finds its keys the way it would
 * at Keycloak. One server per test JVM: its issuer URL is kept in a system property, which the test
 * profiles and the tests (loaded by different class loaders) both see.
 */
public final class TestIdentityProvider {

    static final String PROPERTY = "civic.test.identity-provider";
    static final String REALM_PATH = "/realms/london";
    /** A notification receiver that records the Authorization header per {@code ?m=} marker. */
    static final String RECEIVER = REALM_PATH + "/receiver";
    /** {@code GET ?m=}: the Authorization header the receiver got with that marker (404 until then). */
    static final String RECEIVED = REALM_PATH + "/received";
    /** An OAuth 2 token endpoint (client credentials grant) for the broker's outgoing credentials. */
    static final String TOKEN = REALM_PATH + "/token";
    static final String CLIENT_ID = "civic-broker";
    static final String CLIENT_SECRET = "s3cret-for-tests";
    static final String ISSUED_TOKEN = "issued-by-the-test-token-endpoint";
    static final String STATIC_TOKEN = "static-token-for-localhost";
    private static final java.util.Map<String, String> RECEIVED_HEADERS = new java.util.concurrent.ConcurrentHashMap<>();

    private TestIdentityProvider() {
    }

    /** The issuer URL of the test provider, started on first use. */
    public static String issuer() {
        synchronized (System.class) {
            String known = System.getProperty(PROPERTY);
            if (known != null) {
                return known;
            }
            TestKeys.ensureKeys();
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
                server.createContext(REALM_PATH + OidcDiscovery.WELL_KNOWN, ex -> answer(ex,
                        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}"));
                server.createContext(REALM_PATH + "/protocol/openid-connect/certs", ex -> answer(ex, jwks()));
                server.createContext(RECEIVER, ex -> {
                    ex.getRequestBody().readAllBytes();
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    RECEIVED_HEADERS.put(marker(ex), auth == null ? "(none)" : auth);
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
                server.createContext(RECEIVED, ex -> {
                    String auth = RECEIVED_HEADERS.get(marker(ex));
                    if (auth == null) {
                        ex.sendResponseHeaders(404, -1);
                        ex.close();
                    } else {
                        byte[] body = auth.getBytes(StandardCharsets.UTF_8);
                        ex.sendResponseHeaders(200, body.length);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(body);
                        }
                    }
                });
                server.createContext(TOKEN, ex -> {
                    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                            .getBytes(StandardCharsets.UTF_8));
                    if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
                            || !form.contains("grant_type=client_credentials")) {
                        ex.sendResponseHeaders(401, -1);
                        ex.close();
                        return;
                    }
                    answer(ex, "{\"access_token\":\"" + ISSUED_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                });
                server.start();
                System.setProperty(PROPERTY, issuer);
                return issuer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String marker(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        return q != null && q.startsWith("m=") ? q.substring(2) : "";
    }

    private static void answer(HttpExchange ex, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The trusted public key as a JWK set (RFC 7517), read from the file the tests sign against. */
    static String jwks() {
        try {
            String pem = Files.readString(TestKeys.PUBLIC).replaceAll("-----[A-Z ]+-----|\\s", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"test\",\"n\":\""
                    + b64(key.getModulus()) + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"}]}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
