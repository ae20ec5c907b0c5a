package org.civicbroker.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The identity provider of the security tests: an RSA key pair the tests generate (no outside provider),
 * kept under target/ so that the broker (started by a test profile, in another class loader) reads the
 * public key from the same file the tests sign with. Also builds tokens: valid, expired, for another
 * issuer or audience, or signed by a key the broker does not trust.
 */
final class TestKeys {

    static final String ISSUER = "https://id.example.org/realms/london";
    static final String AUDIENCE = "civic-broker";
    static final int RATE_LIMIT = 1000;
    static final Path DIR = Path.of("target", "security-test-keys");
    static final Path PUBLIC = DIR.resolve("public.pem");
    static final Path PRIVATE = DIR.resolve("private.der");

    private static PrivateKey trusted;
    private static PrivateKey untrusted;

    private TestKeys() {
    }

    /** The broker with security on, trusting {@link #PUBLIC}; anonymous temporal reads stay refused. */
    public static final class SecurityOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            ensureKeys();
            return Map.of("civic.security.enabled", "true",
                    "civic.security.key-location", PUBLIC.toAbsolutePath().toUri().toString(),
                    "civic.security.issuer", ISSUER,
                    "civic.security.audience", AUDIENCE,
                    "civic.security.roles-claim", "realm_access.roles",
                    // per subject (else address): high enough for the other tests, reached by SecurityApiTest's
                    "civic.rate-limit.per-minute", String.valueOf(RATE_LIMIT));
        }
    }

    /** A token for {@code subject} with these role entries, valid for an hour. */
    static String token(String subject, String... roles) {
        return claims(subject, roles).sign(trusted());
    }

    static JwtClaimsBuilder claims(String subject, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600));
    }

    static String expired(String subject, String... roles) {
        return claims(subject, roles).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(600)).sign(trusted());
    }

    static String otherIssuer(String subject, String... roles) {
        return claims(subject, roles).issuer("https://evil.example.com").sign(trusted());
    }

    static String otherAudience(String subject, String... roles) {
        return claims(subject, roles).audience("some-other-app").sign(trusted());
    }

    static String untrustedSignature(String subject, String... roles) {
        return claims(subject, roles).sign(untrusted());
    }

    static synchronized PrivateKey trusted() {
        if (trusted == null) {
            ensureKeys();
            try {
                trusted = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(PRIVATE)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                throw new IllegalStateException(e);
            }
        }
        return trusted;
    }

    static synchronized PrivateKey untrusted() {
        if (untrusted == null) {
            untrusted = generate().getPrivate();
        }
        return untrusted;
    }

    /** Writes the key pair once per build (target/ is the build's); later calls reuse it. */
    static synchronized void ensureKeys() {
        if (Files.exists(PUBLIC) && Files.exists(PRIVATE)) {
            return;
        }
        KeyPair pair = generate();
        try {
            Files.createDirectories(DIR);
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Path priv = Files.createTempFile(DIR, "private", ".tmp");
            Files.write(priv, pair.getPrivate().getEncoded());
            Path pub = Files.createTempFile(DIR, "public", ".tmp");
            Files.writeString(pub, pem);
            Files.move(priv, PRIVATE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(pub, PUBLIC, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
