package org.civicbroker.security;

import static io.restassured.RestAssured.given;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an existing API test class with security ON (issue 16: "the project's tests pass in both modes where
 * they apply"). A subclass of the test, annotated with {@code @TestProfile(SecuredMode.Profile.class)} and
 * {@code @ExtendWith(SecuredMode.class)}, runs every inherited test against a broker whose only security
 * setting is the issuer of {@link TestIdentityProvider} (so it also proves that one setting turns security
 * on: the keys are discovered), with every RestAssured request carrying an admin token for all tenants.
 * All such classes share one profile, so Quarkus starts one more application for all of them.
 */
public final class SecuredMode implements BeforeEachCallback, AfterAllCallback {

    /**
     * Security on by one setting: the identity provider's issuer URL. CORS is on too, for one origin (a
     * browser client of a secured broker, {@link CorsSecuredApiTest}), and a @context host deny list
     * ({@link ContextHostsApiTest}), so that they cost no extra start.
     */
    public static final class Profile implements QuarkusTestProfile {
        public static final String CORS_ORIGIN = "https://map.example.org";
        public static final String DENIED_CONTEXT_HOSTS = "*.evil.example,contexts.blocked.example";

        @Override
        public Map<String, String> getConfigOverrides() {
            String issuer = TestIdentityProvider.issuer();
            int port = java.net.URI.create(issuer).getPort();
            Map<String, String> m = new java.util.HashMap<>(Map.of("civic.security.issuer", issuer,
                    "quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", CORS_ORIGIN,
                    // the tests' context servers listen on localhost; ContextHostsApiTest's denied host
                    "civic.jsonld.private-hosts", "true", "civic.jsonld.denied-hosts", DENIED_CONTEXT_HOSTS));
            // OutgoingCredentialsApiTest: a static token for localhost:port, client credentials for 127.0.0.1:port
            m.put("civic.outgoing.credentials.static.host", "localhost:" + port);
            m.put("civic.outgoing.credentials.static.bearer-token", TestIdentityProvider.STATIC_TOKEN);
            m.put("civic.outgoing.credentials.issued.host", "127.0.0.1:" + port);
            m.put("civic.outgoing.credentials.issued.token-url", "http://127.0.0.1:" + port + TestIdentityProvider.TOKEN);
            m.put("civic.outgoing.credentials.issued.client-id", TestIdentityProvider.CLIENT_ID);
            m.put("civic.outgoing.credentials.issued.client-secret", TestIdentityProvider.CLIENT_SECRET);
            // OutgoingSecretsApiTest: credentials in receiverInfo / contextSourceInfo, and a @context server's login
            m.put("civic.outgoing.encryption-key", OutgoingSecretsApiTest.ENCRYPTION_KEY);
            m.put("civic.outgoing.secrets." + OutgoingSecretsApiTest.SECRET_NAME, OutgoingSecretsApiTest.SECRET_VALUE);
            m.put("civic.outgoing.credentials.contexts.host", OutgoingSecretsApiTest.CONTEXT_HOST);
            m.put("civic.outgoing.credentials.contexts.username", OutgoingSecretsApiTest.CONTEXT_USER);
            m.put("civic.outgoing.credentials.contexts.password", OutgoingSecretsApiTest.CONTEXT_PASSWORD);
            return m;
        }
    }

    /** Adds the admin token to requests that carry no Authorization header of their own. */
    static final class AdminToken implements Filter {
        private final String token = adminToken();

        @Override
        public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
            if (!req.getHeaders().hasHeaderWithName("Authorization")) {
                req.header("Authorization", "Bearer " + token);
            }
            return ctx.next(req, res);
        }
    }

    private List<Filter> before;

    /** A token granting admin in every tenant, signed by the test provider's key; valid for an hour. */
    public static String adminToken() {
        return token("secured-mode-tests", "*:admin");
    }

    /** A token with these role entries (in the {@code roles} claim, the default claim path). */
    public static String token(String subject, String... roles) {
        return Jwt.issuer(TestIdentityProvider.issuer()).subject(subject).claim("roles", List.of(roles))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(3600)).sign(TestKeys.trusted());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (before != null) {
            return;
        }
        // before the class's first test (its application is running now): an answer built on the event loop
        // first (see SecurityApiTest), then the token on every request
        given().get("/ngsi-ld/v1/subscriptions").then().statusCode(401);
        createApplicationBeans();
        before = new ArrayList<>(RestAssured.filters());
        RestAssured.filters(new AdminToken());
    }

    /**
     * Creates the broker's application beans here, on the test thread. In a test JVM that restarts Quarkus for
     * this profile, a bean created lazily on an event loop reads its settings through that thread's class
     * loader, the previous application's (SRCFG00015, a 500 on the first batch create). Production runs one
     * application.
     */
    private static void createApplicationBeans() {
        ArcContainer arc = Arc.container();
        for (Bean<?> bean : arc.beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            boolean shared = bean.getScope() == ApplicationScoped.class || bean.getScope() == Singleton.class;
            if (shared && bean.getBeanClass().getName().startsWith("org.civicbroker.")) {
                try {
                    ClientProxy.unwrap(arc.instance((InjectableBean<?>) bean).get());
                } catch (RuntimeException e) {
                    // a bean this profile cannot make is made (and fails) where the application uses it
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (before != null) {
            RestAssured.replaceFiltersWith(before);
        }
    }
}
