package org.civicbroker.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.query.lang.TypeQuery;
import org.junit.jupiter.api.Test;

/** Matching entity specifications against registrations (clause 5.12). */
class RegistrationMatchTest {

    static Registration registration(Registration.Info... infos) {
        return new Registration("urn:ngsi-ld:ContextSourceRegistration:1", null, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                null, List.of(infos), Mode.INCLUSIVE, Operations.expand(null), "http://127.0.0.1:9", Map.of(), null, null, null,
                Set.of(), Map.of(), List.of(), 0, 0, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    static Registration.Info info(Registration.EntityInfo e, String... attrs) {
        return new Registration.Info(e == null ? List.of() : List.of(e), Set.of(attrs), Set.of());
    }

    static TypeQuery type(String t) {
        return TypeQuery.parse(t);
    }

    @Test
    void typeIdAndPatternOfTheEntityInfo() {
        Registration byType = registration(info(new Registration.EntityInfo(null, null, List.of("Vehicle"))));
        assertThat(RegistrationMatch.matches(byType, List.of(), type("Vehicle"), null, List.of())).isTrue();
        assertThat(RegistrationMatch.matches(byType, List.of(), type("Bus"), null, List.of())).isFalse();
        assertThat(RegistrationMatch.matches(byType, List.of("urn:x:1"), type("Vehicle|Bus"), null, List.of())).isTrue();

        Registration byId = registration(info(new Registration.EntityInfo("urn:x:1", null, List.of("Vehicle"))));
        assertThat(RegistrationMatch.matches(byId, List.of("urn:x:1"), null, null, List.of())).isTrue();
        assertThat(RegistrationMatch.matches(byId, List.of("urn:x:2"), null, null, List.of())).isFalse();
        // a requested id pattern matching the registered id
        assertThat(RegistrationMatch.matches(byId, List.of(), null, Pattern.compile("urn:x:.*"), List.of())).isTrue();

        Registration byPattern = registration(info(new Registration.EntityInfo(null, Pattern.compile("urn:x:camden-.*"), List.of("Vehicle"))));
        assertThat(RegistrationMatch.matches(byPattern, List.of("urn:x:camden-7"), null, null, List.of())).isTrue();
        assertThat(RegistrationMatch.matches(byPattern, List.of("urn:x:hackney-7"), null, null, List.of())).isFalse();
        // two patterns cannot be compared in general: they match
        assertThat(RegistrationMatch.matches(byPattern, List.of(), null, Pattern.compile("urn:x:hackney-.*"), List.of())).isTrue();
    }

    @Test
    void attributes() {
        Registration some = registration(info(new Registration.EntityInfo(null, null, List.of("Vehicle")), "speed"));
        assertThat(RegistrationMatch.matches(some, List.of(), null, null, List.of("speed", "brand"))).isTrue();
        assertThat(RegistrationMatch.matches(some, List.of(), null, null, List.of("brand"))).isFalse();
        // a registration of entities without attributes may hold any attribute
        Registration whole = registration(info(new Registration.EntityInfo(null, null, List.of("Vehicle"))));
        assertThat(RegistrationMatch.matches(whole, List.of(), null, null, List.of("brand"))).isTrue();
        // attributes only: any entity
        Registration attrsOnly = registration(info(null, "speed"));
        assertThat(RegistrationMatch.matches(attrsOnly, List.of("urn:x:9"), type("Bus"), null, List.of("speed"))).isTrue();
    }

    @Test
    void operationGroupsExpand() {
        assertThat(Operations.expand(List.of("retrieveOps"))).containsExactlyInAnyOrder("retrieveEntity", "queryEntity");
        assertThat(Operations.expand(null)).contains("queryBatch", "retrieveEntityTypes").doesNotContain("createEntity");
        assertThat(Operations.expand(List.of("redirectionOps", "createBatch"))).contains("createEntity", "deleteAttrs", "createBatch");
    }
}
