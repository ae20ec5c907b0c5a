package org.civicbroker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicbroker.model.PayloadFixtures.CTX;
import static org.civicbroker.model.PayloadFixtures.MAPPER;
import static org.civicbroker.model.PayloadFixtures.PARSER;
import static org.civicbroker.model.PayloadFixtures.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute type, valid and invalid, normalized and concise, from
 * fixtures/payload/attributes-{valid,invalid}.json. Each case is checked both as a member of an entity
 * (create) and as the body of an attribute replace.
 */
class AttributeCasesTest {

    static Stream<Arguments> valid() {
        return cases("attributes-valid.json");
    }

    static Stream<Arguments> invalid() {
        return cases("attributes-invalid.json");
    }

    private static Stream<Arguments> cases(String file) {
        return StreamSupport.stream(load(file).spliterator(), false)
                .map(c -> Arguments.of(c.get("case").asText(), c));
    }

    private static ObjectNode entityWith(JsonNode c) {
        ObjectNode entity = MAPPER.createObjectNode();
        entity.put("id", "urn:ngsi-ld:Thing:1");
        entity.put("type", "Thing");
        entity.set(c.get("name").asText(), c.get("attribute"));
        return entity;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidAttribute(String name, JsonNode c) {
        Entity entity = PARSER.parseEntity(entityWith(c), CTX);
        String iri = CTX.expand(c.get("name").asText());
        List<Attribute> instances = entity.attribute(iri);
        assertThat(instances).hasSize(1);
        Attribute a = instances.get(0);
        assertThat(a.type()).isEqualTo(AttributeType.valueOf(c.get("type").asText()));
        if (c.has("value")) {
            assertThat(a.value()).isEqualTo(c.get("value"));
        }
        assertThat(a.createdAt()).isNull();
        assertThat(a.modifiedAt()).isNull();

        List<Attribute> replaced = PARSER.parseAttribute(c.get("name").asText(), c.get("attribute"), CTX);
        assertThat(replaced).containsExactly(a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidAttribute(String name, JsonNode c) {
        assertThatThrownBy(() -> PARSER.parseEntity(entityWith(c), CTX))
                .isInstanceOf(NgsiException.class)
                .hasMessageContaining(c.get("error").asText())
                .extracting(e -> ((NgsiException) e).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
        assertThatThrownBy(() -> PARSER.parseAttribute(c.get("name").asText(), c.get("attribute"), CTX))
                .isInstanceOf(NgsiException.class)
                .hasMessageContaining(c.get("error").asText());
    }
}
