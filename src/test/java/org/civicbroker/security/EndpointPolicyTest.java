package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access class of each endpoint family; unknown endpoints are admin-only. */
class EndpointPolicyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /ngsi-ld/v1/entities, DATA_READ",
        "GET, /ngsi-ld/v1/entities/urn:ngsi-ld:X:1, DATA_READ",
        "POST, /ngsi-ld/v1/entityOperations/query, DATA_READ",
        "GET, /ngsi-ld/v1/types, DATA_READ",
        "GET, /ngsi-ld/v1/attributes/speed, DATA_READ",
        "POST, /ngsi-ld/v1/entities, WRITE",
        "PATCH, /ngsi-ld/v1/entities/urn:ngsi-ld:X:1/attrs, WRITE",
        "DELETE, /ngsi-ld/v1/entities/urn:ngsi-ld:X:1, WRITE",
        "DELETE, /ngsi-ld/v1/entities, ADMIN",
        "DELETE, /ngsi-ld/v1/entities/, ADMIN",
        "POST, /ngsi-ld/v1/entityOperations/upsert, WRITE",
        "POST, /ngsi-ld/v1/entityOperations/delete, WRITE",
        "GET, /ngsi-ld/v1/temporal/entities, TEMPORAL_READ",
        "GET, /ngsi-ld/v1/temporal/entities/urn:ngsi-ld:X:1, TEMPORAL_READ",
        "POST, /ngsi-ld/v1/temporal/entityOperations/query, TEMPORAL_READ",
        "POST, /ngsi-ld/v1/temporal/entities, WRITE",
        "DELETE, /ngsi-ld/v1/temporal/entities/urn:ngsi-ld:X:1, WRITE",
        "GET, /ngsi-ld/v1/subscriptions, READ",
        "POST, /ngsi-ld/v1/subscriptions, WRITE",
        "DELETE, /ngsi-ld/v1/subscriptions/urn:x, WRITE",
        "GET, /ngsi-ld/v1/jsonldContexts, READ",
        "GET, /ngsi-ld/v1/jsonldContexts/abc, PUBLIC",
        "POST, /ngsi-ld/v1/jsonldContexts, ADMIN",
        "DELETE, /ngsi-ld/v1/jsonldContexts/abc, ADMIN",
        "GET, /ngsi-ld/v1/info/sourceIdentity, PUBLIC",
        "POST, /ngsi-ld/v1/x-validation/validate, READ",
        "GET, /ngsi-ld/v1/x-security/openTypes, PUBLIC",
        "PUT, /ngsi-ld/v1/x-security/openTypes, ADMIN",
        "GET, /ngsi-ld/v1/x-audit/records, ADMIN",
        "GET, /ngsi-ld/v1/x-export/open/entities, PUBLIC",
        "GET, /ngsi-ld/v1/x-export/open/history, PUBLIC",
        "GET, /ngsi-ld/v1/x-export/all/entities, ADMIN",
        "GET, /ngsi-ld/v1/x-export/tenant, ADMIN",
        "POST, /ngsi-ld/v1/x-export/tenant, ADMIN",
        "GET, /ngsi-ld/v1/x-export/status, ADMIN",
        "GET, /ngsi-ld/v1/x-register/datasets, ADMIN",
        "PUT, /ngsi-ld/v1/x-register/profile, ADMIN",
        "GET, /transparency/camden, PUBLIC",
        "GET, /ngsi-ld/v1/csourceRegistrations, READ",
        "POST, /ngsi-ld/v1/csourceRegistrations, ADMIN",
        "GET, /ngsi-ld/v1/something-new, ADMIN",
        "GET, /version, PUBLIC",
        "POST, /version, ADMIN",
    })
    void classifies(String method, String path, Access expected) {
        assertThat(EndpointPolicy.classify(method, path)).isEqualTo(expected);
    }
}
