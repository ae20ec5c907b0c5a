package org.civicbroker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttributeTypeTest {

    @Test
    void resolvesTermsAndIris() {
        assertThat(AttributeType.of("Relationship")).contains(AttributeType.RELATIONSHIP);
        assertThat(AttributeType.of("https://uri.etsi.org/ngsi-ld/GeoProperty")).contains(AttributeType.GEO_PROPERTY);
        assertThat(AttributeType.of("Banana")).isEmpty();
        assertThat(AttributeType.LIST_RELATIONSHIP.valueMember()).isEqualTo("objectList");
    }
}
