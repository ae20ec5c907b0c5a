package org.civicbroker.temporal;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.civicbroker.security.SecuredMode;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TemporalRetrieveApiTest} with security on (one setting, the issuer) and an admin token: docs/security.md. */
@QuarkusTest
@TestProfile(SecuredMode.Profile.class)
@ExtendWith(SecuredMode.class)
class TemporalRetrieveSecuredApiTest extends TemporalRetrieveApiTest {
}
