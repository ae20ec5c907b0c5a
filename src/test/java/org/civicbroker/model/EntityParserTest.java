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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityParserTest {

    private static ObjectNode full() {
        return (ObjectNode) load("entity-full.json");
    }

    @Test
    void parsesAFullEntity() {
        Entity e = PARSER.parseEntity(full(), CTX);

        assertThat(e.id()).isEqualTo("urn:ngsi-ld:AirQualityObserved:camden-1");
        assertThat(e.types()).containsExactly(SDM_ENV + "AirQualityObserved", SDM + "Sensor");
        assertThat(e.scopes()).containsExactly("/London/Camden", "/London/Camden/Kentish_Town");
        assertThat(e.createdAt()).isNull();
        assertThat(e.modifiedAt()).isNull();
        assertThat(e.attributes()).containsOnlyKeys(SDM_ENV + "temperature", DEFAULT + "no2", CORE + "location",
                DEFAULT + "name");

        List<Attribute> temperature = e.attribute(SDM_ENV + "temperature");
        assertThat(temperature).extracting(Attribute::datasetId).containsExactly(null, "urn:ngsi-ld:Dataset:backup");
        assertThat(temperature).extracting(Attribute::observedAt).containsExactly(
                Instant.parse("2024-05-01T09:00:00Z"), Instant.parse("2024-05-01T09:00:00.123Z"));
        assertThat(temperature.get(0).unitCode()).isEqualTo("CEL");

        Attribute no2 = e.attribute(DEFAULT + "no2").get(0);
        assertThat(no2.subAttributes()).containsOnlyKeys(DEFAULT + "accuracy", DEFAULT + "providedBy");
        Attribute accuracy = no2.subAttributes().get(DEFAULT + "accuracy");
        assertThat(accuracy.value()).isEqualTo(MAPPER.valueToTree(0.5));
        Attribute calibratedBy = accuracy.subAttributes().get(DEFAULT + "calibratedBy");
        assertThat(calibratedBy.type()).isEqualTo(AttributeType.RELATIONSHIP);
        assertThat(calibratedBy.value().textValue()).isEqualTo("urn:ngsi-ld:Person:ada");
        Attribute providedBy = no2.subAttributes().get(DEFAULT + "providedBy");
        assertThat(providedBy.type()).isEqualTo(AttributeType.RELATIONSHIP);
        assertThat(providedBy.objectType()).isEqualTo(DEFAULT + "Device");

        assertThat(e.attribute(CORE + "location").get(0).type()).isEqualTo(AttributeType.GEO_PROPERTY);
    }

    @Test
    void ignoresContextAndSystemTimestamps() {
        ObjectNode body = full();
        body.put("createdAt", "garbage");
        Entity e = PARSER.parseEntity(body, CTX);
        assertThat(e.attributes().keySet()).doesNotContain(CORE + "createdAt", CORE + "modifiedAt", CORE + "deletedAt",
                DEFAULT + "createdAt", DEFAULT + "@context", "@context");
        assertThat(e.attributes()).hasSize(4);
    }

    static Stream<JsonNode> badIds() {
        return StreamSupport.stream(load("bad-ids.json").spliterator(), false);
    }

    static Stream<String> goodIds() {
        return StreamSupport.stream(load("good-ids.json").spliterator(), false).map(JsonNode::textValue);
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void rejectsBadIds(JsonNode id) {
        ObjectNode body = full();
        body.set("id", id);
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX))
                .isInstanceOf(NgsiException.class).hasMessageContaining("is not an absolute URI");
    }

    @ParameterizedTest
    @MethodSource("goodIds")
    void acceptsAbsoluteUris(String id) {
        ObjectNode body = full();
        body.put("id", id);
        assertThat(PARSER.parseEntity(body, CTX).id()).isEqualTo(id);
    }

    @Test
    void requiresIdAndType() {
        ObjectNode noId = full();
        noId.remove("id");
        assertThatThrownBy(() -> PARSER.parseEntity(noId, CTX)).hasMessage("entity without 'id'");
        ObjectNode noType = full();
        noType.remove("type");
        assertThatThrownBy(() -> PARSER.parseEntity(noType, CTX)).hasMessageContaining("without 'type'");
    }

    @Test
    void rejectsBadTypes() {
        for (JsonNode type : List.of(MAPPER.createArrayNode(), IntNode.valueOf(3), TextNode.valueOf("Air Quality"),
                TextNode.valueOf(""), MAPPER.createArrayNode().add("A").add(3), MAPPER.createObjectNode())) {
            ObjectNode body = full();
            body.set("type", type);
            assertThatThrownBy(() -> PARSER.parseEntity(body, CTX)).as("type %s", type)
                    .isInstanceOf(NgsiException.class).hasMessageContaining("type");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"London", "/", "/London/", "//London", "/London/#", "/London/+", "/Lon don", "/a,b"})
    void rejectsBadScopes(String scope) {
        ObjectNode body = full();
        body.put("scope", scope);
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX)).hasMessageContaining("scope");
    }

    @Test
    void acceptsAScopeString() {
        ObjectNode body = full();
        body.put("scope", "/London");
        assertThat(PARSER.parseEntity(body, CTX).scopes()).containsExactly("/London");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@id", "@type", "https://uri.etsi.org/ngsi-ld/createdAt", "https://uri.etsi.org/ngsi-ld/scope",
        "instanceId", "", "bad name", "bad<name>", "a=b", "x;y", "quote\"d", "tab\tbed", "@graph"})
    void rejectsReservedAndInvalidAttributeNames(String name) {
        ObjectNode body = full();
        body.put(name, 1);
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX)).isInstanceOf(NgsiException.class)
                .hasMessageMatching("(?s).*(reserved|invalid attribute name|empty attribute name).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type", "scope", "createdAt", "modifiedAt", "deletedAt", "@context", "bad name"})
    void rejectsReservedNamesAsAttributeIds(String name) {
        assertThatThrownBy(() -> PARSER.parseAttribute(name, IntNode.valueOf(1), CTX))
                .isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> PARSER.attributeIri(name, CTX)).isInstanceOf(NgsiException.class);
    }

    @Test
    void aThrowingGeometryValidatorIsABadRequest() {
        EntityParser parser = new EntityParser(g -> {
            throw new IllegalStateException("JTS failure");
        });
        assertThatThrownBy(() -> parser.parseEntity(full(), CTX)).isInstanceOf(NgsiException.class)
                .hasMessage("attribute 'location': invalid GeoJSON geometry");
    }

    @Test
    void locationMustBeAGeoProperty() {
        ObjectNode body = full();
        body.put("location", "Camden");
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX))
                .hasMessage("attribute 'location': must be a GeoProperty (clause 4.7)");
    }

    @Test
    void mergesATermAndItsIriAndChecksInstances() {
        ObjectNode body = full();
        body.set(SDM_ENV + "temperature", MAPPER.createObjectNode().put("value", 1).put("datasetId", "urn:ds:2"));
        assertThat(PARSER.parseEntity(body, CTX).attribute(SDM_ENV + "temperature")).hasSize(3);
        body.set(SDM_ENV + "temperature", MAPPER.createObjectNode().put("value", 1));
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX)).hasMessageContaining("more than one default instance");
    }

    @Test
    void rejectsNonObjectBodies() {
        assertThatThrownBy(() -> PARSER.parseEntity(MAPPER.createArrayNode(), CTX))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> PARSER.parseEntity(null, CTX)).hasMessageContaining("must be a JSON object");
    }

    @Test
    void capsJsonDepth() {
        ObjectNode body = full();
        ArrayNode deep = MAPPER.createArrayNode();
        ArrayNode cursor = deep;
        for (int i = 0; i < JsonGuards.MAX_JSON_DEPTH; i++) {
            cursor = cursor.addArray();
        }
        body.set("deep", MAPPER.createObjectNode().put("type", "Property").set("value", deep));
        assertThatThrownBy(() -> PARSER.parseEntity(body, CTX)).hasMessageContaining("deeper than 64 levels");
    }

    @Test
    void acceptsJsonDepthAtTheLimit() {
        ObjectNode body = full();
        ArrayNode deep = MAPPER.createArrayNode();
        ArrayNode cursor = deep;
        for (int i = 0; i < JsonGuards.MAX_JSON_DEPTH - 4; i++) {
            cursor = cursor.addArray();
        }
        body.set("deep", MAPPER.createObjectNode().put("type", "Property").set("value", deep));
        assertThat(PARSER.parseEntity(body, CTX).attribute(DEFAULT + "deep")).hasSize(1);
    }

    @Test
    void capsSubAttributeDepth() {
        assertThat(PARSER.parseAttribute("a", nestedSubAttributes(AttributeParser.MAX_SUB_ATTRIBUTE_DEPTH), CTX))
                .hasSize(1);
        assertThatThrownBy(() -> PARSER.parseAttribute("a",
                nestedSubAttributes(AttributeParser.MAX_SUB_ATTRIBUTE_DEPTH + 1), CTX))
                .hasMessageContaining("sub-attributes nest deeper than 16 levels");
    }

    private static ObjectNode nestedSubAttributes(int levels) {
        ObjectNode top = MAPPER.createObjectNode().put("type", "Property").put("value", 0);
        ObjectNode cursor = top;
        for (int i = 0; i < levels; i++) {
            ObjectNode sub = MAPPER.createObjectNode().put("type", "Property").put("value", i + 1);
            cursor.set("sub", sub);
            cursor = sub;
        }
        return top;
    }
}
