package org.civicbroker.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedTypeIndexTest {

    private static final String DB = "ngsild";

    @Test
    void answersNothingUntilSeeded() {
        EmbeddedTypeIndex index = new EmbeddedTypeIndex();
        index.put(DB, "urn:a", List.of("T"));
        assertThat(index.idsOfAny(DB, List.of("T"))).isNull();
        index.ready();
        assertThat(index.idsOfAny(DB, List.of("T"))).containsExactly("urn:a");
        assertThat(index.idsOfAny("other", List.of("T"))).isEmpty();
    }

    @Test
    void followsTypeChangesAndDeletesInIdOrder() {
        EmbeddedTypeIndex index = new EmbeddedTypeIndex();
        index.ready();
        index.put(DB, "urn:b", List.of("T"));
        index.put(DB, "urn:a", List.of("T", "U"));
        index.put(DB, "urn:c", List.of("U"));
        assertThat(index.idsOfAny(DB, List.of("T"))).containsExactly("urn:a", "urn:b");
        assertThat(index.idsOfAny(DB, List.of("T", "U"))).containsExactly("urn:a", "urn:b", "urn:c");
        index.put(DB, "urn:a", List.of("U"));
        assertThat(index.idsOfAny(DB, List.of("T"))).containsExactly("urn:b");
        index.remove(DB, "urn:c");
        assertThat(index.idsOfAny(DB, List.of("U"))).containsExactly("urn:a");
        index.forget(DB, List.of("urn:a"));
        assertThat(index.idsOfAny(DB, List.of("U"))).isEmpty();
    }

    @Test
    void seedingNeverOverridesAWriteThatCameFirst() {
        EmbeddedTypeIndex index = new EmbeddedTypeIndex();
        index.put(DB, "urn:a", List.of("New"));
        index.seed(DB, "urn:a", List.of("Old"));
        index.seed(DB, "urn:b", List.of("Old"));
        index.ready();
        assertThat(index.idsOfAny(DB, List.of("Old"))).containsExactly("urn:b");
        assertThat(index.idsOfAny(DB, List.of("New"))).containsExactly("urn:a");
    }
}
