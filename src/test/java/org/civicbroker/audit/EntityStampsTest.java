package org.civicbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.civicbroker.audit.EntityStamps.Change;
import org.civicbroker.audit.EntityStamps.Kind;
import org.junit.jupiter.api.Test;

class EntityStampsTest {

    static final String ID = "urn:ngsi-ld:BikeDock:camden-1";
    static final String ENCODED = "urn%3Angsi-ld%3ABikeDock%3Acamden-1";

    @Test
    void aPublishedChangeIsACreationAModificationOrADeletion() {
        assertThat(EntityStamps.kind(false, true)).isEqualTo(Kind.CREATED);
        assertThat(EntityStamps.kind(true, true)).isEqualTo(Kind.MODIFIED);
        assertThat(EntityStamps.kind(true, false)).isEqualTo(Kind.DELETED);
    }

    @Test
    void aCreationChangedInTheSameRequestStaysACreation() {
        assertThat(EntityStamps.combine(Kind.CREATED, Kind.MODIFIED)).isEqualTo(Kind.CREATED);
        assertThat(EntityStamps.combine(Kind.CREATED, Kind.DELETED)).isEqualTo(Kind.DELETED);
        assertThat(EntityStamps.combine(Kind.DELETED, Kind.CREATED)).isEqualTo(Kind.CREATED);
        assertThat(EntityStamps.combine(Kind.MODIFIED, Kind.MODIFIED)).isEqualTo(Kind.MODIFIED);
    }

    @Test
    void historyOnlyWritesModifyTheEntityTheirPathNames() {
        assertThat(EntityStamps.historyChange("PATCH", "/ngsi-ld/v1/temporal/entities/" + ENCODED + "/attrs/freeSlots/i1", 204))
                .isEqualTo(new Change(ID, Kind.MODIFIED));
        assertThat(EntityStamps.historyChange("DELETE", "/ngsi-ld/v1/temporal/entities/" + ID, 204))
                .isEqualTo(new Change(ID, Kind.MODIFIED));
        assertThat(EntityStamps.historyChange("GET", "/ngsi-ld/v1/temporal/entities/" + ID, 200)).isNull();
        assertThat(EntityStamps.historyChange("DELETE", "/ngsi-ld/v1/temporal/entities/" + ID, 404)).isNull();
        assertThat(EntityStamps.historyChange("PATCH", "/ngsi-ld/v1/entities/" + ID + "/attrs", 204)).isNull();
    }
}
