package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security on (docs/security.md): token checks, each role against each endpoint family, anonymous access to
 * open and closed types, cross-tenant denial. Tokens are signed by a key the tests generate ({@link TestKeys}).
 */
@QuarkusTest
@TestProfile(TestKeys.SecurityOn.class)
class SecurityApiTest {

    static final String DOCK = "urn:ngsi-ld:BikeDock:camden-1";
    static final String RESIDENT = "urn:ngsi-ld:Resident:alice";

    /**
     * This class runs in a second Quarkus application of the test JVM (its profile differs). Worker threads
     * made by the first one can still carry its class loader, and JAX-RS looks its RuntimeDelegate up through
     * the thread's context class loader the first time a Response is built: a first answer built on the
     * event loop (a 401) makes that lookup with the right loader. Production runs one application.
     */
    @BeforeEach
    void lookUpJaxRsOnTheEventLoop() {
        if (!lookedUp) {
            given().get("/ngsi-ld/v1/subscriptions").then().statusCode(401);
            lookedUp = true;
        }
    }

    private static volatile boolean lookedUp;

    // ---- tokens ----------------------------------------------------------------------------------------

    @Test
    void aValidTokenIsAccepted() {
        String t = seededTenant();
        as(t, TestKeys.token("ann", t + ":reader")).get("/ngsi-ld/v1/subscriptions").then().statusCode(200);
    }

    @Test
    void aMissingTokenIs401WithAChallenge() {
        Response r = given().header("NGSILD-Tenant", tenant()).get("/ngsi-ld/v1/subscriptions");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"civic-broker\"");
        assertThat(r.jsonPath().getString("type")).isEqualTo("urn:civicbroker:errors:Unauthorized");
        assertThat(r.contentType()).startsWith("application/json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aTokenThatDoesNotVerifyIs401(String why, String token, String detail) {
        String t = tenant();
        for (String path : List.of("/ngsi-ld/v1/subscriptions", "/ngsi-ld/v1/entities?type=BikeDock")) {
            Response r = as(t, token).get(path);
            assertThat(r.statusCode()).as(why + " " + path).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(r.jsonPath().getString("detail")).contains(detail);
        }
    }

    static Stream<Arguments> badTokens() {
        String roles = "*:admin";
        return Stream.of(
                Arguments.of("expired", TestKeys.expired("ann", roles), "expired"),
                Arguments.of("wrong issuer", TestKeys.otherIssuer("ann", roles), "issuer"),
                Arguments.of("wrong audience", TestKeys.otherAudience("ann", roles), "audience"),
                Arguments.of("wrong signature", TestKeys.untrustedSignature("ann", roles), "signature"),
                Arguments.of("not a JWT", "not-a-token", "cannot be verified"));
    }

    @Test
    void anotherSchemeIs401InvalidRequest() {
        Response r = given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/ngsi-ld/v1/subscriptions");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
    }

    // ---- roles x endpoint families ----------------------------------------------------------------------

    /** One endpoint family: the request and the least role it needs (null = public). */
    record Operation(String name, String method, String path, String fixture, String contentType, Role needs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Operation> OPERATIONS = List.of(
            new Operation("query entities", "GET", "/ngsi-ld/v1/entities?type=BikeDock", null, null, Role.READER),
            new Operation("retrieve entity", "GET", "/ngsi-ld/v1/entities/" + DOCK, null, null, Role.READER),
            new Operation("POST query", "POST", "/ngsi-ld/v1/entityOperations/query", "query.json", "application/json", Role.READER),
            new Operation("discovery", "GET", "/ngsi-ld/v1/types", null, null, Role.READER),
            new Operation("temporal query", "GET", "/ngsi-ld/v1/temporal/entities?type=BikeDock", null, null, Role.READER),
            new Operation("list subscriptions", "GET", "/ngsi-ld/v1/subscriptions", null, null, Role.READER),
            new Operation("create entity", "POST", "/ngsi-ld/v1/entities", "new-bike-dock.json", "application/json", Role.WRITER),
            new Operation("update attributes", "PATCH", "/ngsi-ld/v1/entities/" + DOCK + "/attrs", "free-slots.json", "application/json", Role.WRITER),
            new Operation("delete entity", "DELETE", "/ngsi-ld/v1/entities/" + DOCK, null, null, Role.WRITER),
            new Operation("batch upsert", "POST", "/ngsi-ld/v1/entityOperations/upsert", "upsert.json", "application/json", Role.WRITER),
            new Operation("temporal append", "POST", "/ngsi-ld/v1/temporal/entities/" + DOCK + "/attrs", "temporal-free-slots.json", "application/json", Role.WRITER),
            new Operation("create subscription", "POST", "/ngsi-ld/v1/subscriptions", "subscription.json", "application/json", Role.WRITER),
            new Operation("purge", "DELETE", "/ngsi-ld/v1/entities?type=BikeDock", null, null, Role.ADMIN),
            new Operation("add @context", "POST", "/ngsi-ld/v1/jsonldContexts", "context.json", "application/json", Role.ADMIN),
            new Operation("open a type (data register)", "PUT", "/ngsi-ld/v1/x-register/datasets/BikeDock", "register-bike-dock.json", "application/json", Role.ADMIN),
            new Operation("list open types", "GET", "/ngsi-ld/v1/x-security/openTypes", null, null, null));

    static Stream<Arguments> roleTable() {
        List<Arguments> out = new ArrayList<>();
        for (Operation op : OPERATIONS) {
            for (Role role : new Role[] {null, Role.READER, Role.WRITER, Role.ADMIN}) {
                out.add(Arguments.of(op, role == null ? "no role in the tenant" : role.name().toLowerCase()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("roleTable")
    void eachRoleAgainstEachEndpointFamily(Operation op, String roleName) {
        String t = seededTenant();
        Role role = Role.named(roleName).orElse(null);
        // "no role": the token grants a role in another tenant only
        String token = TestKeys.token("caller", role == null ? "t-elsewhere:admin" : t + ":" + roleName);
        Response r = send(as(t, token), op);
        boolean allowed = op.needs() == null || (role != null && role.allows(op.needs()));
        if (allowed) {
            assertThat(r.statusCode()).as(roleName + " may " + op.name() + ": " + r.body().asString())
                    .isBetween(200, 299);
        } else {
            assertThat(r.statusCode()).as(roleName + " may not " + op.name()).isEqualTo(403);
            assertThat(r.jsonPath().getString("type")).isEqualTo("urn:civicbroker:errors:Forbidden");
        }
    }

    // ---- anonymous: open data -----------------------------------------------------------------------------

    @Test
    void withoutATokenQueriesSeeExactlyTheOpenTypes() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        List<String> ids = given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities?type=BikeDock,Resident")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(ids).containsExactly(DOCK);
        List<String> posted = given().header("NGSILD-Tenant", t).contentType("application/json").body(fixture("query.json"))
                .post("/ngsi-ld/v1/entityOperations/query").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(posted).containsExactly(DOCK);
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities?type=Resident&count=true")
                .then().statusCode(200).header("NGSILD-Results-Count", "0").extract().jsonPath().getList("id")).isEmpty();
        List<String> types = given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/types")
                .then().statusCode(200).extract().jsonPath().getList("typeList");
        assertThat(types).containsExactly("BikeDock");
    }

    @Test
    void withoutATokenAClosedEntityIsNotFoundAndAnOpenOneIsServed() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(200);
        Response closed = given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + RESIDENT);
        assertThat(closed.statusCode()).isEqualTo(404);
        assertThat(closed.jsonPath().getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
        // the same answer as for an entity that does not exist: nothing tells the two apart
        assertThat(closed.jsonPath().getString("detail")).isEqualTo(given().header("NGSILD-Tenant", t)
                .get("/ngsi-ld/v1/entities/" + RESIDENT.replace("alice", "nobody")).jsonPath().getString("detail")
                .replace("nobody", "alice"));
    }

    @Test
    void linkedEntitiesOfClosedTypesAreNotJoinedForAnonymousCallers() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        String anonymous = given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK + "?join=inline&joinLevel=1")
                .then().statusCode(200).extract().body().asString();
        assertThat(anonymous).doesNotContain("Alice Example");
        String reader = as(t, TestKeys.token("ann", t + ":reader"))
                .get("/ngsi-ld/v1/entities/" + DOCK + "?join=inline&joinLevel=1").then().statusCode(200).extract().body().asString();
        assertThat(reader).contains("Alice Example");
    }

    @Test
    void withNoOpenTypesAnonymousCallersSeeNothing() {
        String t = seededTenant();
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities?type=BikeDock,Resident")
                .then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(404);
    }

    @Test
    void withoutATokenWritesTemporalReadsAndSubscriptionsAre401() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        for (Operation op : OPERATIONS) {
            if (op.needs() == Role.READER && !op.path().contains("temporal") && !op.path().contains("subscriptions")) {
                continue;
            }
            if (op.needs() == null) {
                continue;
            }
            Response r = send(given().header("NGSILD-Tenant", t), op);
            assertThat(r.statusCode()).as(op.name()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(op.name()).startsWith("Bearer realm=");
        }
    }

    @Test
    void theOpenTypesArePublicAndCompactedWithTheCallersContext() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/x-security/openTypes")
                .then().statusCode(200).extract().jsonPath().getList("types")).containsExactly("BikeDock");
    }

    // ---- one list of open types: the data register --------------------------------------------------------

    @Test
    void theOpenTypesCannotBeSetBesideTheRegister() {
        String t = seededTenant();
        Response r = as(t, TestKeys.token("root", t + ":admin")).contentType("application/json")
                .body("{\"types\": [\"Resident\"]}").put("/ngsi-ld/v1/x-security/openTypes");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/x-security/openTypes")
                .then().statusCode(200).extract().jsonPath().getList("types")).isEmpty();
    }

    @Test
    void anonymousAccessFollowsTheRegistersOpenFlag() {
        String t = seededTenant();
        openTypes(t, "register-bike-dock.json");
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(200);
        // the same entry, now not open: closed at once, through the API and the list
        openTypes(t, "register-bike-dock-closed.json");
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(404);
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/x-security/openTypes")
                .then().statusCode(200).extract().jsonPath().getList("types")).isEmpty();
        // open again, then the entry deleted: closed
        openTypes(t, "register-bike-dock.json");
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities?type=BikeDock").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(DOCK));
        as(t, TestKeys.token("root", t + ":admin")).delete("/ngsi-ld/v1/x-register/datasets/BikeDock").then().statusCode(204);
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities?type=BikeDock")
                .then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
    }

    @Test
    void anOpenEntryWithAPersonalAttributeIsNotReadableWithoutAToken() {
        // the open exports drop the personal attribute; the NGSI-LD API does not strip attributes per caller,
        // so the type stays closed to anonymous API reads (docs/security.md)
        String t = seededTenant();
        openTypes(t, "register-bike-dock-personal-attribute.json");
        given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(404);
        assertThat(given().header("NGSILD-Tenant", t).get("/ngsi-ld/v1/x-security/openTypes")
                .then().statusCode(200).extract().jsonPath().getList("types")).isEmpty();
        as(t, TestKeys.token("ann", t + ":reader")).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(200);
    }

    // ---- tenants ------------------------------------------------------------------------------------------

    @Test
    void aRoleInOneTenantGivesNothingInAnother() {
        String camden = seededTenant();
        String token = TestKeys.token("supplier", camden + ":writer");
        as(camden, token).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(200);
        String hackney = seededTenant();
        as(hackney, token).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(403);
        Response write = as(hackney, token).contentType("application/json").body(fixture("new-bike-dock.json"))
                .post("/ngsi-ld/v1/entities");
        assertThat(write.statusCode()).isEqualTo(403);
        // a tenant that does not exist answers the same 403: the answer does not reveal which tenants exist
        as(tenant(), token).get("/ngsi-ld/v1/entities/" + DOCK).then().statusCode(403);
        // nor does the default tenant come with a tenant role
        given().header("Authorization", "Bearer " + token).get("/ngsi-ld/v1/subscriptions").then().statusCode(403);
    }

    @Test
    void aWildcardRoleHoldsInEveryTenant() {
        String token = TestKeys.token("auditor", "*:reader");
        as(seededTenant(), token).get("/ngsi-ld/v1/entities/" + RESIDENT).then().statusCode(200);
        as(seededTenant(), token).get("/ngsi-ld/v1/entities/" + RESIDENT).then().statusCode(200);
    }

    @Test
    void theVersionAndHostedContextsArePublic() {
        given().get("/version").then().statusCode(200);
    }

    // ---- rate limiting ------------------------------------------------------------------------------------

    @Test
    void aClientOverItsRateIsRefusedWith429() {
        String t = seededTenant();
        String token = TestKeys.token("busy-" + UUID.randomUUID(), t + ":reader");
        Response last = null;
        for (int i = 0; i <= 2 * TestKeys.RATE_LIMIT; i++) {  // the bucket refills while the loop runs
            last = as(t, token).get("/ngsi-ld/v1/subscriptions");
            if (last.statusCode() != 200) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotBlank();
        assertThat(last.jsonPath().getString("type")).isEqualTo("urn:civicbroker:errors:TooManyRequests");
        // another client is not affected
        as(t, TestKeys.token("calm-" + UUID.randomUUID(), t + ":reader")).get("/ngsi-ld/v1/subscriptions").then().statusCode(200);
    }

    // ---- audit --------------------------------------------------------------------------------------------

    @Test
    void writesAndRefusalsAreAudited() {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger("civic.audit");
        audit.addHandler(handler);
        try {
            String t = seededTenant();
            as(t, TestKeys.token("supplier-7", t + ":writer")).contentType("application/json").body(fixture("free-slots.json"))
                    .patch("/ngsi-ld/v1/entities/" + DOCK + "/attrs").then().statusCode(204);
            as(t, TestKeys.token("supplier-7", t + ":writer")).delete("/ngsi-ld/v1/entities?type=BikeDock").then().statusCode(403);
            given().header("NGSILD-Tenant", t).delete("/ngsi-ld/v1/entities/" + RESIDENT).then().statusCode(401);
            String mine = "tenant=\"" + t + "\"";
            assertThat(lines).anyMatch(l -> l.contains("subject=\"supplier-7\"") && l.contains(mine)
                    && l.contains("method=PATCH") && l.contains("status=204"));
            assertThat(lines).anyMatch(l -> l.contains("subject=\"supplier-7\"") && l.contains(mine)
                    && l.contains("method=DELETE") && l.contains("status=403"));
            assertThat(lines).anyMatch(l -> l.contains("subject=\"anonymous\"") && l.contains(mine)
                    && l.contains("Resident") && l.contains("status=401"));
        } finally {
            audit.removeHandler(handler);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    /** A new tenant holding an open-able BikeDock linked to a Resident, created by an admin. */
    static String seededTenant() {
        String t = tenant();
        String admin = TestKeys.token("root", t + ":admin");
        for (String f : List.of("resident.json", "bike-dock.json")) {
            as(t, admin).contentType("application/json").body(fixture(f)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        }
        // the temporal history is recorded after the write is acknowledged: the temporal operations need it there
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (as(t, admin).get("/ngsi-ld/v1/temporal/entities/" + DOCK).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return t;
    }

    /** Writes the tenant's data register entry of BikeDock: the one list of open types (docs/security.md). */
    static void openTypes(String tenant, String fixture) {
        as(tenant, TestKeys.token("root", tenant + ":admin")).contentType("application/json").body(fixture(fixture))
                .put("/ngsi-ld/v1/x-register/datasets/BikeDock").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    static RequestSpecification as(String tenant, String token) {
        return given().header("NGSILD-Tenant", tenant).header("Authorization", "Bearer " + token);
    }

    static Response send(RequestSpecification spec, Operation op) {
        if (op.fixture() != null) {
            spec = spec.contentType(op.contentType()).body(fixture(op.fixture()));
        }
        return spec.request(op.method(), op.path());
    }

    static String fixture(String name) {
        try (InputStream in = SecurityApiTest.class.getResourceAsStream("/fixtures/security/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
