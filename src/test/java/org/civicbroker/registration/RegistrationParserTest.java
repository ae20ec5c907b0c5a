package org.civicbroker.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.JsonLdConfig;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.junit.jupiter.api.Test;

/** Validation of CSourceRegistration payloads (clauses 5.2.9, 5.2.10, 5.2.8, 4.3.6.6, 5.9.2.4). */
class RegistrationParserTest {

    static final LdContext CORE = new TitaniumContextResolver(JsonLdConfig.defaults()).core();
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static ObjectNode full() throws IOException {
        try (InputStream in = RegistrationParserTest.class.getResourceAsStream("/fixtures/federation/registration-full.json")) {
            return (ObjectNode) RequestReader.parse(in.readAllBytes());
        }
    }

    static Registration parse(JsonNode body) {
        return RegistrationParser.parse(body, CORE, null, "urn:ngsi-ld:ContextSourceRegistration:1", null, NOW, NOW, NOW);
    }

    static void refused(ObjectNode body, String member) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(NgsiException.class).hasMessageContaining(member);
    }

    @Test
    void everyMemberIsRead() throws IOException {
        Registration r = parse(full());
        assertThat(r.mode()).isEqualTo(Mode.EXCLUSIVE);
        assertThat(r.operations()).contains("retrieveEntity", "queryEntity", "createEntity").doesNotContain("deleteEntity");
        assertThat(r.information()).hasSize(2);
        assertThat(r.information().get(0).entities().get(0).types()).containsExactly(CORE.expand("AirQualityObserved"));
        assertThat(r.information().get(0).entities().get(0).coversId("urn:ngsi-ld:AirQualityObserved:camden-3")).isTrue();
        assertThat(r.information().get(1).relationshipNames()).containsExactly(CORE.expand("refDevice"));
        assertThat(r.sourceTenant()).isEqualTo("air");
        assertThat(r.contextSourceAlias()).isEqualTo("camden");
        assertThat(r.contextSourceInfo()).containsEntry("Authorization", "urn:ngsi-ld:request");
        assertThat(r.timeoutMillis()).isEqualTo(1500);
        assertThat(r.cooldownMillis()).isEqualTo(60000);
        assertThat(r.observationInterval().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(r.latest()).isFalse();
        assertThat(r.geometries()).containsKey(CORE.expand("location"));
        assertThat(r.scopes()).containsExactly("/London/Camden");
        assertThat(r.liveAt(NOW)).isTrue();
    }

    @Test
    void defaultsAreInclusiveAndFederationOps() throws IOException {
        ObjectNode b = full();
        b.remove("mode");
        b.remove("operations");
        Registration r = parse(b);
        assertThat(r.mode()).isEqualTo(Mode.INCLUSIVE);
        assertThat(r.operations()).isEqualTo(Operations.expand(null));
    }

    @Test
    void badMembersAreBadRequestData() throws IOException {
        ObjectNode b = full();
        b.put("type", "Registration");
        refused(b, "type");
        b = full();
        b.remove("endpoint");
        refused(b, "endpoint");
        b = full();
        b.put("endpoint", "ftp://camden.example.org/");
        refused(b, "endpoint");
        b = full();
        b.putArray("information");
        refused(b, "information");
        b = full();
        ((ObjectNode) b.get("information").get(0).get("entities").get(0)).remove("type");
        refused(b, "type");
        b = full();
        ((ObjectNode) b.get("information").get(0)).putArray("propertyNames");
        refused(b, "propertyNames");
        b = full();
        b.put("expiresAt", "2020-01-01T00:00:00Z");
        refused(b, "expiresAt");
        b = full();
        ((ObjectNode) b.get("contextSourceInfo").get(1)).put("value", "text/csv");
        refused(b, "accept");
        b = full();
        b.putObject("observationInterval").put("startAt", "2026-02-01T00:00:00Z").put("endAt", "2026-01-01T00:00:00Z");
        refused(b, "endAt");
        b = full();
        b.putObject("management").put("timeout", -1);
        refused(b, "timeout");
        b = full();
        b.put("mode", "auxiliary");
        refused(b, "auxiliary");
    }
}
