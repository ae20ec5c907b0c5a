package org.civicbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.civicbroker.audit.EntityStamps.Change;
import org.civicbroker.audit.EntityStamps.Kind;
import org.junit.jupiter.api.Test;

/** Which requests stamp which entity (docs/security.md, "Ownership"). */
class EntityStampsTest {

    static final String ID = "urn:ngsi-ld:BikeDock:1";
    static final String ENCODED = "urn%3Angsi-ld%3ABikeDock%3A1";

    @Test
    void aCreationIsReadFromTheLocation() {
        assertThat(EntityStamps.change("POST", "/ngsi-ld/v1/entities", 201, "/ngsi-ld/v1/entities/" + ENCODED))
                .isEqualTo(new Change(ID, Kind.CREATED));
        assertThat(EntityStamps.change("POST", "/ngsi-ld/v1/entities", 201, "http://broker:1026/ngsi-ld/v1/entities/" + ID))
                .isEqualTo(new Change(ID, Kind.CREATED));
        assertThat(EntityStamps.change("POST", "/ngsi-ld/v1/entities", 409, null)).isNull();
    }

    @Test
    void writesToTheEntityModifyAndDeletingItRemovesTheStamps() {
        assertThat(EntityStamps.change("PATCH", "/ngsi-ld/v1/entities/" + ENCODED + "/attrs", 204, null))
                .isEqualTo(new Change(ID, Kind.MODIFIED));
        assertThat(EntityStamps.change("DELETE", "/ngsi-ld/v1/entities/" + ID + "/attrs/freeSlots", 204, null))
                .isEqualTo(new Change(ID, Kind.MODIFIED));
        assertThat(EntityStamps.change("PUT", "/ngsi-ld/v1/entities/" + ID, 204, null)).isEqualTo(new Change(ID, Kind.MODIFIED));
        assertThat(EntityStamps.change("DELETE", "/ngsi-ld/v1/entities/" + ID, 204, null)).isEqualTo(new Change(ID, Kind.DELETED));
    }

    @Test
    void readsFailuresBatchAndTemporalOperationsStampNothing() {
        assertThat(EntityStamps.change("GET", "/ngsi-ld/v1/entities/" + ID, 200, null)).isNull();
        assertThat(EntityStamps.change("PATCH", "/ngsi-ld/v1/entities/" + ID + "/attrs", 404, null)).isNull();
        assertThat(EntityStamps.change("POST", "/ngsi-ld/v1/entityOperations/upsert", 201, null)).isNull();
        assertThat(EntityStamps.change("POST", "/ngsi-ld/v1/temporal/entities/" + ID + "/attrs", 204, null)).isNull();
        assertThat(EntityStamps.change("DELETE", "/ngsi-ld/v1/entities", 204, null)).isNull();
    }
}
