package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.register.RegisterSupport.REGISTER;
import static org.civicbroker.register.RegisterSupport.as;
import static org.civicbroker.register.RegisterSupport.fixture;
import static org.civicbroker.register.RegisterSupport.newTenant;
import static org.civicbroker.register.RegisterSupport.putEntry;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.civicbroker.register.RegisterStore.Version;
import org.civicbroker.tenancy.Tenant;
import org.junit.jupiter.api.Test;

/**
 * Several broker instances on one MongoDB (issue 17): a register change another instance stored (written
 * here straight to the store, as that instance would) is taken over by this one's refresh, which runs
 * every civic.register.refresh-interval (off in tests: called here); a write that meets a version the
 * other instance wrote answers 409 and the retry succeeds.
 */
@QuarkusTest
class RegisterRefreshApiTest {

    private static final String AIR = "https://uri.etsi.org/ngsi-ld/default-context/AirQualityReading";
    private static final String DAMP = "https://uri.etsi.org/ngsi-ld/default-context/DampMouldReading";

    @Inject
    DataRegister register;

    @Inject
    RegisterStore store;

    private final String tenant = newTenant();

    private String stored(String typeIri) {
        return store.current(new Tenant(tenant)).await().indefinitely().stream().filter(v -> v.typeIri().equals(typeIri))
                .findFirst().orElseThrow().json();
    }

    /** What another instance does on a change: the next version, straight into the shared store. */
    private void otherInstanceWrites(String typeIri, long version, String json) {
        assertThat(store.write(new Tenant(tenant), new Version(typeIri, version, json, "other-instance", Instant.now()))
                .await().indefinitely()).isTrue();
    }

    @Test
    void changesOfAnotherInstanceAreTakenOverByTheRefresh() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);
        String air = stored(AIR);

        // another instance changes the entry, declares a second type, then this instance refreshes
        otherInstanceWrites(AIR, 2, air.replace("\"open\":true", "\"open\":false"));
        putEntry(tenant, "DampMouldReading", "damp-mould.json").then().statusCode(201);
        String damp = stored(DAMP);
        as(tenant).delete(REGISTER + "/datasets/DampMouldReading").then().statusCode(204);
        otherInstanceWrites(DAMP, 3, damp);
        as(tenant).get(REGISTER + "/datasets/AirQualityReading").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(1));  // not seen yet
        as(tenant).get(REGISTER + "/datasets/DampMouldReading").then().statusCode(404);

        register.refresh().await().indefinitely();
        as(tenant).get(REGISTER + "/datasets/AirQualityReading").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(2))
                .body("open", org.hamcrest.Matchers.equalTo(false))
                .body("changedBy", org.hamcrest.Matchers.equalTo("other-instance"));
        as(tenant).get(REGISTER + "/datasets/DampMouldReading").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(3));

        // another instance deletes an entry
        otherInstanceWrites(DAMP, 4, null);
        register.refresh().await().indefinitely();
        as(tenant).get(REGISTER + "/datasets/DampMouldReading").then().statusCode(404);
        assertThat(register.current(new Tenant(tenant))).containsOnlyKeys(AIR);
    }

    @Test
    void aWriteThatMeetsAnotherInstancesVersionIsAConflictAndTheRetrySucceeds() {
        putEntry(tenant, "AirQualityReading", "air-quality.json").then().statusCode(201);
        otherInstanceWrites(AIR, 2, stored(AIR));
        as(tenant).body(fixture("air-quality.json")).put(REGISTER + "/datasets/AirQualityReading").then().statusCode(409);
        as(tenant).body(fixture("air-quality.json")).put(REGISTER + "/datasets/AirQualityReading").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(3));
        assertThat(store.versions(new Tenant(tenant), AIR).await().indefinitely().stream().map(Version::changedBy).toList())
                .hasSize(3).contains("other-instance");
        assertThat(List.of(register.get(new Tenant(tenant), AIR).version())).containsExactly(3L);
    }
}
