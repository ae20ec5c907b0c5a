package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.register.RegisterSupport.REGISTER;
import static org.civicbroker.register.RegisterSupport.as;
import static org.civicbroker.register.RegisterSupport.fixture;
import static org.civicbroker.register.RegisterSupport.newId;
import static org.civicbroker.register.RegisterSupport.newTenant;
import static org.civicbroker.register.RegisterSupport.putEntry;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data register's admin API (issue 17): entries validated with ProblemDetails, versioned with who
 * and when, exported; undeclared types reported and, where the setting says so, refused.
 */
@QuarkusTest
class RegisterApiTest {

    private static final String DEFAULT_CONTEXT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private final String tenant = newTenant();

    @Test
    void entryIsCreatedReadAndVersionedWithWhoAndWhen() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201)
                .body("typeIri", equalTo(DEFAULT_CONTEXT + "AirQualityReading"))
                .body("version", equalTo(1))
                .body("changedBy", equalTo("anonymous"))
                .body("attributes.NO2.iri", equalTo(DEFAULT_CONTEXT + "NO2"));

        // what was read can be edited and put back: the server members are ignored on input
        Map<String, Object> read = as(tenant).get(REGISTER + "/datasets/AirQualityReading").then().statusCode(200)
                .extract().jsonPath().getMap("");
        read.put("purpose", "A changed purpose");
        as(tenant).header("Civic-Changed-By", "a.officer@example.gov.uk").body(read)
                .put(REGISTER + "/datasets/AirQualityReading").then().statusCode(200)
                .body("version", equalTo(2)).body("changedBy", equalTo("a.officer@example.gov.uk"));

        as(tenant).header("Civic-Changed-By", "b.officer").delete(REGISTER + "/datasets/AirQualityReading")
                .then().statusCode(204);
        as(tenant).get(REGISTER + "/datasets/AirQualityReading").then().statusCode(404)
                .body("type", equalTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound"));

        JsonPath versions = as(tenant).get(REGISTER + "/datasets/AirQualityReading/versions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(versions.getList("action")).containsExactly("created", "replaced", "deleted");
        assertThat(versions.getList("changedBy")).containsExactly("anonymous", "a.officer@example.gov.uk", "b.officer");
        assertThat(versions.getString("[1].entry.purpose")).isEqualTo("A changed purpose");
        assertThat(versions.getString("[0].entry.purpose")).startsWith("Monitor nitrogen dioxide");
        assertThat(versions.getList("changedAt")).allSatisfy(t -> assertThat((String) t).endsWith("Z"));
    }

    @Test
    void invalidEntryIsRefusedWithEveryProblemAndChangesNothing() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);
        String bad = """
                {"type": "AirQualityReading", "purpose": "", "personalData": "maybe", "open": "yes",
                 "retention": {"history": "two years"}, "colour": "red",
                 "attributes": {"NO2": {"handling": "pseudonymise"}}}""";
        as(tenant).body(bad).put(REGISTER + "/datasets/AirQualityReading").then().statusCode(400)
                .body("type", equalTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData"))
                .body("detail", containsString("purpose: must be a non-empty string"))
                .body("detail", containsString("legalBasis: required"))
                .body("detail", containsString("personalData: one of none, personal, special"))
                .body("detail", containsString("open: required, true or false"))
                .body("detail", containsString("retention.history: 'two years' is not an ISO 8601 duration"))
                .body("detail", containsString("colour: unknown member"))
                .body("detail", containsString("attributes.NO2.handling: pseudonymise applies to attributes classified personal"));
        as(tenant).get(REGISTER + "/datasets/AirQualityReading").then().statusCode(200).body("version", equalTo(1));

        // a personal dataset cannot be open data; the URL's type and the body's must agree; not JSON
        String personalOpen = fixture("damp-mould.json").replace("\"open\": false", "\"open\": true");
        as(tenant).body(personalOpen).put(REGISTER + "/datasets/DampMouldReading").then().statusCode(400)
                .body("detail", containsString("cannot be open data"));
        as(tenant).body(fixture("damp-mould.json")).put(REGISTER + "/datasets/Other").then().statusCode(400)
                .body("detail", containsString("is not the type of the URL"));
        as(tenant).body("[1]").put(REGISTER + "/datasets/Other").then().statusCode(400);
        as(tenant).body("{").put(REGISTER + "/datasets/Other").then().statusCode(400);
        as(tenant).get(REGISTER + "/datasets/DampMouldReading").then().statusCode(404);
        as(tenant).get(REGISTER + "/datasets/Other/versions").then().statusCode(404);
    }

    @Test
    void undeclaredTypesAreListedCountedAndExported() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);
        as(tenant).body(fixture("air-entity.json", newId("AirQualityReading"))).post("/ngsi-ld/v1/entities").then().statusCode(201);
        String noise = "{\"id\": \"" + newId("NoiseLevel") + "\", \"type\": \"NoiseLevel\", \"dB\": {\"type\": \"Property\", \"value\": 60}}";
        as(tenant).body(noise).post("/ngsi-ld/v1/entities").then().statusCode(201);

        JsonPath undeclared = as(tenant).get(REGISTER + "/undeclared").then().statusCode(200).extract().jsonPath();
        assertThat(undeclared.getList("type")).containsExactly("NoiseLevel");
        assertThat(undeclared.getList("entities")).containsExactly(1);
        assertThat(undeclared.getString("[0].lastUpdate")).endsWith("Z");

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("ngsild_register_undeclared_writes_total\\{[^}]*tenant=\"" + tenant
                + "\"[^}]*type=\"" + "https://uri.etsi.org/ngsi-ld/default-context/NoiseLevel\"[^}]*} 1.0");

        JsonPath export = as(tenant).get(REGISTER + "/export").then().statusCode(200).extract().jsonPath();
        assertThat(export.getString("tenant")).isEqualTo(tenant);
        assertThat(export.getList("datasets.type")).containsExactly("AirQualityReading");
        assertThat(export.getList("undeclaredTypes.type")).containsExactly("NoiseLevel");
        assertThat(export.getList("disposals")).isEmpty();
    }

    @Test
    void tenantThatRefusesUndeclaredTypesRefusesTheirWritesOnEveryPath() {
        String strict = "t-register-strict";  // listed in %test civic.register.refuse-undeclared
        String id = newId("NoiseLevel");
        String noise = "{\"id\": \"" + id + "\", \"type\": \"NoiseLevel\", \"dB\": {\"type\": \"Property\", \"value\": 60}}";
        as(strict).body(noise).post("/ngsi-ld/v1/entities").then().statusCode(400)
                .body("type", equalTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData"))
                .body("detail", containsString("not declared in the tenant's data register"));
        as(strict).body("[" + noise + "]").post("/ngsi-ld/v1/entityOperations/upsert").then().statusCode(207)
                .body("errors[0].entityId", equalTo(id));
        as(strict).body(noise).post("/ngsi-ld/v1/temporal/entities").then().statusCode(400);
        as(strict).get("/ngsi-ld/v1/entities/" + id).then().statusCode(404);

        // declared, it is accepted
        String entry = fixture("air-quality.json").replace("AirQualityReading", "NoiseLevel").replace("\"NO2\"", "\"dB\"");
        as(strict).body(entry).put(REGISTER + "/datasets/NoiseLevel").then().statusCode(201);
        as(strict).body(noise).post("/ngsi-ld/v1/entities").then().statusCode(201);
        // other tenants are not strict
        String other = newTenant();
        as(other).body(noise).post("/ngsi-ld/v1/entities").then().statusCode(201);
        List<Object> none = as(other).get(REGISTER + "/datasets").then().statusCode(200).extract().jsonPath().getList("");
        assertThat(none).isEmpty();
    }
}
