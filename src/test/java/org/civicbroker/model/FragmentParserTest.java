package org.civicbroker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicbroker.model.FakeLdContext.CORE;
import static org.civicbroker.model.FakeLdContext.DEFAULT;
import static org.civicbroker.model.FakeLdContext.SDM;
import static org.civicbroker.model.FakeLdContext.SDM_ENV;
import static org.civicbroker.model.PayloadFixtures.CTX;
import static org.civicbroker.model.PayloadFixtures.MAPPER;
import static org.civicbroker.model.PayloadFixtures.PARSER;
import static org.civicbroker.model.PayloadFixtures.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import org.civicbroker.model.Fragment.Deletion;
import org.civicbroker.model.Fragment.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FragmentParserTest {

    private static final String ID = "urn:ngsi-ld:Thing:1";

    @Test
    void mergePatchSplitsDeletionsFromWrites() {
        Fragment f = PARSER.parseFragment(load("merge-patch.json"), CTX, Mode.MERGE_PATCH, ID);

        assertThat(f.types()).containsExactly(DEFAULT + "Sensor");
        assertThat(f.scopes()).isEmpty();
        assertThat(f.deletions()).containsExactlyInAnyOrder(
                new Deletion(DEFAULT + "status", null),
                new Deletion(SDM_ENV + "temperature", "urn:ngsi-ld:Dataset:backup"),
                new Deletion(DEFAULT + "refDevice", null),
                new Deletion(DEFAULT + "name", null),
                new Deletion(DEFAULT + "category", null),
                new Deletion(DEFAULT + "readings", null),
                new Deletion(DEFAULT + "route", null),
                new Deletion(DEFAULT + "config", null),
                new Deletion(CORE + "location", null));
        assertThat(f.deletedAttributes()).contains(DEFAULT + "status", SDM_ENV + "temperature");
        assertThat(f.attributes()).containsOnlyKeys(SDM_ENV + "temperature", DEFAULT + "humidity");

        Attribute temperature = f.attributes().get(SDM_ENV + "temperature").get(0);
        assertThat(temperature.value().intValue()).isEqualTo(20);
        assertThat(NgsiNull.isDeletion(temperature)).isFalse();
        assertThat(NgsiNull.isDeletion(temperature.subAttributes().get(DEFAULT + "accuracy"))).isTrue();
        assertThat(NgsiNull.isDeletion(temperature.subAttributes().get(DEFAULT + "calibration"))).isTrue();
        assertThat(NgsiNull.isDeletion(temperature.subAttributes().get(DEFAULT + "note"))).isFalse();
    }

    @Test
    void updateSplitsDeletionsAsMergePatchDoes() {
        // clause 5.6.2.4 (V1.9.1): Update Attributes is a partial update patch (5.5.8), where NGSI-LD Null deletes
        ObjectNode body = (ObjectNode) load("merge-patch.json");
        body.remove("scope");
        Fragment update = PARSER.parseFragment(body, CTX, Mode.UPDATE, ID);
        Fragment merge = PARSER.parseFragment(body, CTX, Mode.MERGE_PATCH, ID);
        assertThat(update.deletions()).isEqualTo(merge.deletions()).isNotEmpty();
        assertThat(update.attributes()).containsOnlyKeys(SDM_ENV + "temperature", DEFAULT + "humidity");
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"APPEND"})
    void appendKeepsTheNullUrnAsAValue(Mode mode) {
        ObjectNode body = (ObjectNode) load("merge-patch.json");
        body.remove("scope");
        body.remove("location");
        body.remove("config");
        Fragment f = PARSER.parseFragment(body, CTX, mode, ID);
        assertThat(f.deletions()).isEmpty();
        assertThat(f.attributes().get(DEFAULT + "status").get(0).value().textValue()).isEqualTo(NgsiNull.URN);
        assertThat(f.attributes().get(DEFAULT + "category").get(0).value().textValue())
                .as("a vocab is expanded, not a marker").isEqualTo(NgsiNull.URN);
        ObjectNode json = MAPPER.createObjectNode();
        json.set("config", load("merge-patch.json").get("config"));
        assertThatThrownBy(() -> PARSER.parseFragment(json, CTX, mode, ID))
                .hasMessage("attribute 'config': JsonProperty 'json' must be a JSON object or array");
        assertThat(f.attributes().get(DEFAULT + "name").get(0).value().get("@none").textValue()).isEqualTo(NgsiNull.URN);
    }

    @Test
    void scopeNullIsOnlyAMarkerInMergePatch() {
        ObjectNode body = MAPPER.createObjectNode().put("scope", NgsiNull.URN);
        assertThatThrownBy(() -> PARSER.parseFragment(body, CTX, Mode.UPDATE, ID)).hasMessageContaining("scope");
    }

    @Test
    void jsonNullIsRejectedWithAHint() {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("status", NullNode.getInstance());
        assertThatThrownBy(() -> PARSER.parseFragment(body, CTX, Mode.MERGE_PATCH, ID))
                .hasMessage("attribute 'status': null is not a valid attribute (use \"urn:ngsi-ld:null\" to delete)");
    }

    @Test
    void appendFragment() {
        Fragment f = PARSER.parseFragment(load("append.json"), CTX, Mode.APPEND);
        assertThat(f.types()).containsExactly(DEFAULT + "Sensor", SDM + "Device");
        assertThat(f.scopes()).containsExactly("/London/Camden");
        assertThat(f.attributes()).containsOnlyKeys(SDM_ENV + "temperature", DEFAULT + "status", CORE + "location");
        assertThat(f.attributes().get(SDM_ENV + "temperature").get(0).observedAt())
                .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(f.attributes().get(CORE + "location").get(0).type()).isEqualTo(AttributeType.GEO_PROPERTY);
    }

    @Test
    void absentTypeAndScopeStayAbsent() {
        Fragment f = PARSER.parseFragment(MAPPER.createObjectNode().put("status", "ok"), CTX, Mode.UPDATE, ID);
        assertThat(f.types()).isEmpty();
        assertThat(f.scopes()).isNull();
    }

    @Test
    void idMustMatchThePath() {
        ObjectNode body = MAPPER.createObjectNode().put("id", ID).put("status", "ok");
        assertThat(PARSER.parseFragment(body, CTX, Mode.UPDATE, ID).attributes()).hasSize(1);
        assertThatThrownBy(() -> PARSER.parseFragment(body, CTX, Mode.UPDATE, "urn:ngsi-ld:Thing:2"))
                .hasMessage("the id in the body ('urn:ngsi-ld:Thing:1') differs from the entity id of the request "
                        + "('urn:ngsi-ld:Thing:2')");
        body.put("id", "not a uri");
        assertThatThrownBy(() -> PARSER.parseFragment(body, CTX, Mode.APPEND)).hasMessageContaining("absolute URI");
    }

    @Test
    void duplicateInstancesAreRejectedEvenWhenDeleting() {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("temperature", MAPPER.createArrayNode()
                .add(MAPPER.createObjectNode().put("value", NgsiNull.URN).put("datasetId", "urn:ds:1"))
                .add(MAPPER.createObjectNode().put("value", 3).put("datasetId", "urn:ds:1")));
        assertThatThrownBy(() -> PARSER.parseFragment(body, CTX, Mode.MERGE_PATCH, ID))
                .hasMessageContaining("datasetId 'urn:ds:1' is used by more than one instance");
    }

    @Test
    void partialAttributeUpdateWithoutTypeOrValue() {
        AttributePatch p = PARSER.parseAttributePatch("temperature", load("attribute-patch.json"), CTX);
        assertThat(p.type()).isNull();
        assertThat(p.value()).isNull();
        assertThat(p.datasetId()).isEqualTo("urn:ngsi-ld:Dataset:backup");
        assertThat(p.observedAt()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(p.subAttributes().get(DEFAULT + "accuracy").value().doubleValue()).isEqualTo(0.2);
        assertThat(NgsiNull.isDeletion(p.subAttributes().get(DEFAULT + "calibration"))).isTrue();
        assertThat(p.compatibleWith(AttributeType.RELATIONSHIP)).isTrue();
    }

    @Test
    void partialAttributeUpdateTypes() {
        AttributePatch declared = PARSER.parseAttributePatch("t",
                MAPPER.createObjectNode().put("type", "Property").put("unitCode", "CEL"), CTX);
        assertThat(declared.type()).isEqualTo(AttributeType.PROPERTY);
        assertThat(declared.typeDeclared()).isTrue();
        assertThat(declared.value()).isNull();
        assertThat(declared.compatibleWith(AttributeType.PROPERTY)).isTrue();
        assertThat(declared.compatibleWith(AttributeType.GEO_PROPERTY)).isFalse();

        AttributePatch inferred = PARSER.parseAttributePatch("t", MAPPER.createObjectNode().put("value", 5), CTX);
        assertThat(inferred.type()).isEqualTo(AttributeType.PROPERTY);
        assertThat(inferred.typeDeclared()).isFalse();
        assertThat(inferred.compatibleWith(AttributeType.PROPERTY)).isTrue();
        assertThat(inferred.compatibleWith(AttributeType.GEO_PROPERTY)).isFalse();

        ObjectNode point = MAPPER.createObjectNode().put("type", "Point");
        point.putArray("coordinates").add(1).add(2);
        AttributePatch geo = PARSER.parseAttributePatch("location", MAPPER.createObjectNode().set("value", point), CTX);
        assertThat(geo.type()).isEqualTo(AttributeType.GEO_PROPERTY);
        assertThat(geo.compatibleWith(AttributeType.GEO_PROPERTY)).isTrue();
        assertThat(geo.compatibleWith(AttributeType.PROPERTY)).isTrue();
        assertThat(geo.compatibleWith(AttributeType.RELATIONSHIP)).isFalse();

        AttributePatch rel = PARSER.parseAttributePatch("r", MAPPER.createObjectNode().put("object", "urn:a:b"), CTX);
        assertThat(rel.type()).isEqualTo(AttributeType.RELATIONSHIP);
        assertThat(rel.value().textValue()).isEqualTo("urn:a:b");

        AttributePatch bare = PARSER.parseAttributePatch("t", MAPPER.valueToTree(7), CTX);
        assertThat(bare.type()).isEqualTo(AttributeType.PROPERTY);
        assertThat(bare.value().intValue()).isEqualTo(7);

        AttributePatch delete = PARSER.parseAttributePatch("t", MAPPER.createObjectNode().put("value", NgsiNull.URN), CTX);
        assertThat(delete.value()).isEqualTo(NgsiNull.NODE);
    }

    @Test
    void partialAttributeUpdateIsStillValidated() {
        assertThatThrownBy(() -> PARSER.parseAttributePatch("r",
                MAPPER.createObjectNode().put("type", "Relationship").put("object", "nope"), CTX))
                .hasMessageContaining("attribute 'r': Relationship 'object' must be an absolute URI");
        assertThatThrownBy(() -> PARSER.parseAttributePatch("t",
                MAPPER.createObjectNode().put("observedAt", "soon"), CTX))
                .hasMessageContaining("attribute 't': observedAt \"soon\" is not an ISO 8601 DateTime");
        assertThatThrownBy(() -> PARSER.parseAttributePatch("t", MAPPER.createArrayNode(), CTX))
                .hasMessageContaining("not an array");
        assertThatThrownBy(() -> PARSER.parseAttributePatch("createdAt", MAPPER.valueToTree(1), CTX))
                .hasMessageContaining("reserved");
    }
}
