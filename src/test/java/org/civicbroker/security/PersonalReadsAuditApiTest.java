package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the audit log records who read what for entities the data register marks as personal
 * (docs/security.md, "Audit"), and every kind of write stamps its creator and last modifier ("Ownership"):
 * batch operations, temporal writes and the purge as well as the single-entity writes. Security on; runs in
 * the same application as {@link SecurityApiTest} and {@link AuditApiTest}.
 */
@QuarkusTest
@TestProfile(TestKeys.SecurityOn.class)
class PersonalReadsAuditApiTest {

    static final String BOB = "urn:ngsi-ld:Resident:bob";
    static final String CAROL = "urn:ngsi-ld:Resident:carol";

    @BeforeEach
    void lookUpJaxRsOnTheEventLoop() {
        io.restassured.RestAssured.given().get("/ngsi-ld/v1/subscriptions").then().statusCode(401);  // see SecurityApiTest
    }

    /** A seeded tenant whose register says that Resident is personal data. */
    static String tenantWithPersonalResidents() {
        String t = SecurityApiTest.seededTenant();
        SecurityApiTest.as(t, TestKeys.token("root", t + ":admin")).contentType("application/json")
                .body(SecurityApiTest.fixture("register-resident.json"))
                .put("/ngsi-ld/v1/x-register/datasets/Resident").then().statusCode(201);
        return t;
    }

    @Test
    void aRetrievalOfAPersonalEntityIsRecordedWithWhoAndWhich() {
        String t = tenantWithPersonalResidents();
        String reader = TestKeys.token("clerk-1", t + ":reader");
        SecurityApiTest.as(t, reader).get("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK).then().statusCode(200);
        SecurityApiTest.as(t, reader).get("/ngsi-ld/v1/entities/" + SecurityApiTest.RESIDENT).then().statusCode(200);

        List<Map<String, Object>> reads = AuditApiTest.awaitRecords(t, "operation=read&subject=clerk-1", 1);
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0)).containsEntry("method", "GET").containsEntry("status", 200).containsEntry("tenant", t)
                .containsEntry("entityId", SecurityApiTest.RESIDENT).containsEntry("entityCount", 1)
                .containsEntry("entityIds", List.of(SecurityApiTest.RESIDENT));
        // found by the entity too
        assertThat(AuditApiTest.awaitRecords(t, "entity=" + SecurityApiTest.RESIDENT + "&operation=read", 1)).hasSize(1);
    }

    @Test
    void aQueryRecordsTheIdsItReturnedAndHowMany() {
        String t = tenantWithPersonalResidents();
        String writer = TestKeys.token("supplier-7", t + ":writer");
        SecurityApiTest.as(t, writer).contentType("application/json").body(SecurityApiTest.fixture("batch-residents.json"))
                .post("/ngsi-ld/v1/entityOperations/upsert").then().statusCode(201);
        String reader = TestKeys.token("analyst", t + ":reader");
        SecurityApiTest.as(t, reader).get("/ngsi-ld/v1/entities?type=Resident").then().statusCode(200);

        Map<String, Object> r = AuditApiTest.awaitRecords(t, "operation=read&subject=analyst", 1).get(0);
        assertThat(r).containsEntry("entityCount", 3).containsEntry("path", "/ngsi-ld/v1/entities");
        assertThat((List<Object>) r.get("entityIds")).containsExactlyInAnyOrder(SecurityApiTest.RESIDENT, BOB, CAROL);
        // a query with POST is a read as well, and is found by any of the ids it returned
        SecurityApiTest.as(t, TestKeys.token("analyst-2", t + ":reader")).contentType("application/json")
                .body("{\"type\": \"Query\", \"entities\": [{\"type\": \"Resident\"}]}")
                .post("/ngsi-ld/v1/entityOperations/query").then().statusCode(200);
        assertThat(AuditApiTest.awaitRecords(t, "operation=read&subject=analyst-2&entity=" + CAROL, 1).get(0))
                .containsEntry("method", "POST").containsEntry("entityCount", 3);
    }

    @Test
    void temporalReadsAndLinkedEntitiesAreRecordedButOtherReadsAreNot() {
        String t = tenantWithPersonalResidents();
        String reader = TestKeys.token("historian", t + ":reader");
        SecurityApiTest.as(t, reader).get("/ngsi-ld/v1/temporal/entities/" + SecurityApiTest.DOCK).then().statusCode(200);
        SecurityApiTest.as(t, reader).get("/ngsi-ld/v1/entities?type=BikeDock").then().statusCode(200);
        awaitStatus(t, reader, "/ngsi-ld/v1/temporal/entities/" + SecurityApiTest.RESIDENT, 200);
        Map<String, Object> temporal = AuditApiTest.awaitRecords(t, "operation=read&subject=historian", 1).get(0);
        assertThat(temporal).containsEntry("entityId", SecurityApiTest.RESIDENT);
        assertThat((String) temporal.get("path")).startsWith("/ngsi-ld/v1/temporal/entities/urn");

        // the dock links the resident: a join reads the resident too
        String joiner = TestKeys.token("joiner", t + ":reader");
        SecurityApiTest.as(t, joiner).get("/ngsi-ld/v1/entities/" + SecurityApiTest.DOCK + "?join=inline&joinLevel=1")
                .then().statusCode(200);
        assertThat(AuditApiTest.awaitRecords(t, "operation=read&subject=joiner", 1).get(0))
                .containsEntry("entityIds", List.of(SecurityApiTest.RESIDENT));
        // the dock reads (BikeDock is not personal) left no read record: the historian has exactly one
        assertThat(AuditApiTest.awaitRecords(t, "operation=read&subject=historian", 1)).hasSize(1);
    }

    @Test
    void batchTemporalAndPurgeWritesStampTheirEntities() {
        String t = tenantWithPersonalResidents();
        String admin = TestKeys.token("root", t + ":admin");
        SecurityApiTest.as(t, TestKeys.token("supplier-7", t + ":writer")).contentType("application/json")
                .body(SecurityApiTest.fixture("batch-residents.json"))
                .post("/ngsi-ld/v1/entityOperations/upsert").then().statusCode(201);
        String bob = "/ngsi-ld/v1/x-audit/entities/" + BOB;
        var s = AuditApiTest.awaitStamp(t, bob, "modifiedBy", "supplier-7");
        assertThat(s.getString("createdBy")).isEqualTo("supplier-7");
        AuditApiTest.awaitStamp(t, "/ngsi-ld/v1/x-audit/entities/" + CAROL, "createdBy", "supplier-7");

        // a temporal write (instances appended to the history) modifies the entity
        String historian = TestKeys.token("historian", t + ":writer");
        awaitStatus(t, historian, "/ngsi-ld/v1/temporal/entities/" + SecurityApiTest.RESIDENT, 200);
        SecurityApiTest.as(t, historian).contentType("application/json").body(SecurityApiTest.fixture("temporal-resident.json"))
                .post("/ngsi-ld/v1/temporal/entities/" + SecurityApiTest.RESIDENT + "/attrs").then().statusCode(204);
        var alice = AuditApiTest.awaitStamp(t, "/ngsi-ld/v1/x-audit/entities/" + SecurityApiTest.RESIDENT, "modifiedBy", "historian");
        assertThat(alice.getString("createdBy")).isEqualTo("root");

        // the purge deletes them, and their stamps
        SecurityApiTest.as(t, admin).delete("/ngsi-ld/v1/entities?type=Resident").then().statusCode(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SecurityApiTest.as(t, admin).get(bob).statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        SecurityApiTest.as(t, admin).get(bob).then().statusCode(404);
    }

    static void awaitStatus(String tenant, String token, String path, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SecurityApiTest.as(tenant, token).get(path).statusCode() != status && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
