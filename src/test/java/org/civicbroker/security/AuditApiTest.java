package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queryable audit collection (docs/security.md, "Audit"): who wrote, deleted or was refused what, when,
 * in which tenant and on which entity, searched by an admin with time filters and paging, kept for
 * {@code CIVIC_AUDIT_RETENTION}. Security on; runs in the same application as {@link SecurityApiTest}.
 */
@QuarkusTest
@TestProfile(TestKeys.SecurityOn.class)
class AuditApiTest {

    static final String RECORDS = "/ngsi-ld/v1/x-audit/records";

    @Inject
    AuditTrail trail;

    @BeforeEach
    void lookUpJaxRsOnTheEventLoop() {
        given().get("/ngsi-ld/v1/subscriptions").then().statusCode(401);  // see SecurityApiTest
    }

    @Test
    void writesDeletesAndRefusalsAreRecordedWithWhoWhenAndWhichEntity() {
        String t = SecurityApiTest.seededTenant();
        Instant before = Instant.now().minusSeconds(1);
        String writer = TestKeys.token("supplier-7", t + ":writer");
        SecurityApiTest.as(t, writer).contentType("application/json").body(SecurityApiTest.fixture("free-slots.json"))
                .patch("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK + "/attrs").then().statusCode(204);
        SecurityApiTest.as(t, TestKeys.token("nosy", t + ":reader")).delete("/ngsi-ld/v1/entities/" + SecurityApiTest.RESIDENT)
                .then().statusCode(403);

        List<Map<String, Object>> dock = awaitRecords(t, "entity=" + SecurityApiTest.DOCK + "&subject=supplier-7", 1);
        assertThat(dock.get(0)).containsEntry("method", "PATCH").containsEntry("status", 204).containsEntry("tenant", t)
                .containsEntry("entityId", SecurityApiTest.DOCK);
        assertThat(Instant.parse((String) dock.get(0).get("at"))).isAfter(before);
        List<Map<String, Object>> refused = awaitRecords(t, "subject=nosy", 1);
        assertThat(refused.get(0)).containsEntry("method", "DELETE").containsEntry("status", 403)
                .containsEntry("entityId", SecurityApiTest.RESIDENT);
        // the seeding admin's creations are there too, newest first
        List<Map<String, Object>> all = awaitRecords(t, "", 4);
        assertThat(all).extracting(r -> (String) r.get("subject")).startsWith("nosy").contains("root", "supplier-7");
    }

    @Test
    void theCreatorAndTheLastModifierAreStampedAndShownToAdminsOnly() {
        String t = SecurityApiTest.seededTenant();  // created by "root"
        String admin = TestKeys.token("root", t + ":admin");
        String stamps = "/ngsi-ld/v1/x-audit/entities/" + SecurityApiTest.DOCK;
        awaitStamp(t, stamps, "modifiedBy", "root");
        SecurityApiTest.as(t, TestKeys.token("supplier-7", t + ":writer")).contentType("application/json")
                .body(SecurityApiTest.fixture("free-slots.json"))
                .patch("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK + "/attrs").then().statusCode(204);
        JsonPath s = awaitStamp(t, stamps, "modifiedBy", "supplier-7");
        assertThat(s.getString("createdBy")).isEqualTo("root");
        assertThat(s.getString("id")).isEqualTo(SecurityApiTest.DOCK);
        assertThat(Instant.parse(s.getString("modifiedAt"))).isAfterOrEqualTo(Instant.parse(s.getString("createdAt")));
        // not shown in the entity, nor to a writer
        assertThat(SecurityApiTest.as(t, admin).get("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK + "?options=sysAttrs")
                .then().statusCode(200).extract().body().asString()).doesNotContain("supplier-7");
        SecurityApiTest.as(t, TestKeys.token("supplier-7", t + ":writer")).get(stamps).then().statusCode(403);
        // deleted: the stamps go (the audit records keep who deleted it)
        SecurityApiTest.as(t, admin).delete("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK).then().statusCode(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SecurityApiTest.as(t, admin).get(stamps).statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        SecurityApiTest.as(t, admin).get(stamps).then().statusCode(404);
    }

    static JsonPath awaitStamp(String tenant, String path, String field, String value) {
        String admin = TestKeys.token("root", tenant + ":admin");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            Response r = SecurityApiTest.as(tenant, admin).get(path);
            if (r.statusCode() == 200 && value.equals(r.jsonPath().getString(field))) {
                return r.jsonPath();
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " never had " + field + "=" + value);
    }

    @Test
    void timeFiltersAndPaging() {
        String t = SecurityApiTest.seededTenant();
        awaitRecords(t, "", 2);  // the two creations
        String admin = TestKeys.token("root", t + ":admin");
        String future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThat(SecurityApiTest.as(t, admin).get(RECORDS + "?from=" + future).then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        assertThat(SecurityApiTest.as(t, admin).get(RECORDS + "?to=2020-01-01T00:00:00Z").then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        Response first = SecurityApiTest.as(t, admin).get(RECORDS + "?limit=1&count=true&to=" + future);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Integer.parseInt(first.header("NGSILD-Results-Count"))).isGreaterThanOrEqualTo(2);
        Response second = SecurityApiTest.as(t, admin).get(RECORDS + "?limit=1&offset=1");
        assertThat(first.jsonPath().getList("$")).hasSize(1);
        assertThat(second.jsonPath().getList("$")).hasSize(1).isNotEqualTo(first.jsonPath().getList("$"));
    }

    @Test
    void onlyTheTenantsAdminSeesItsRecords() {
        String t = SecurityApiTest.seededTenant();
        SecurityApiTest.as(t, TestKeys.token("ann", t + ":writer")).get(RECORDS).then().statusCode(403);
        given().header("NGSILD-Tenant", t).get(RECORDS).then().statusCode(401);
        String other = SecurityApiTest.seededTenant();
        awaitRecords(other, "", 2);
        // an admin of t sees t's records only
        assertThat(SecurityApiTest.as(t, TestKeys.token("root", t + ":admin")).get(RECORDS + "?subject=root&limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("tenant")).containsOnly(t);
    }

    @Test
    void badParametersAre400() {
        String t = SecurityApiTest.tenant();
        String admin = TestKeys.token("root", t + ":admin");
        for (String q : List.of("limit=0", "limit=1001", "offset=-1", "from=yesterday", "nope=1",
                "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            Response r = SecurityApiTest.as(t, admin).get(RECORDS + "?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.jsonPath().getString("type")).as(q).startsWith("https://uri.etsi.org/ngsi-ld/errors/");
        }
    }

    @Test
    void recordsOlderThanTheRetentionAreDeleted() {
        String t = SecurityApiTest.seededTenant();
        awaitRecords(t, "", 2);
        long deleted = trail.purge(Instant.now().plus(Duration.ofDays(91))).await().atMost(Duration.ofSeconds(30));
        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(SecurityApiTest.as(t, TestKeys.token("root", t + ":admin")).get(RECORDS).then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
    }

    /** The tenant's records matching the query once at least {@code n} are there (they are written in the background). */
    static List<Map<String, Object>> awaitRecords(String tenant, String query, int n) {
        String admin = TestKeys.token("root", tenant + ":admin");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> found;
        do {
            JsonPath body = SecurityApiTest.as(tenant, admin).get(RECORDS + "?limit=1000" + (query.isEmpty() ? "" : "&" + query)).then().statusCode(200)
                    .extract().jsonPath();
            found = body.getList("$");
            if (found.size() >= n) {
                return found;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("fewer than " + n + " audit records for '" + query + "' in tenant " + tenant + ": " + found);
    }
}
