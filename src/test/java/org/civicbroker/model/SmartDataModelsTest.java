package org.civicbroker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicbroker.model.FakeLdContext.CORE;
import static org.civicbroker.model.FakeLdContext.DEFAULT;
import static org.civicbroker.model.PayloadFixtures.CTX;
import static org.civicbroker.model.PayloadFixtures.PARSER;
import static org.civicbroker.model.PayloadFixtures.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The normalized examples of the Smart Data Models (fixtures/payload/sdm, unmodified copies). */
class SmartDataModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"AirQualityObserved", "Streetlight", "WaterQualityObserved", "NoiseLevelObserved",
        "IndoorEnvironmentObserved", "StreetlightControlCabinet", "StreetlightGroup",
        "StreetlightModel", "Device", "DeviceModel", "WeatherObserved", "ParkingSpot",
        "OffStreetParking", "WasteContainer", "Building"})
    void parsesEveryAttributeOfTheExample(String model) {
        JsonNode body = load("sdm/" + model + ".jsonld");
        Entity e = PARSER.parseEntity(body, CTX);

        assertThat(e.id()).isEqualTo(body.get("id").textValue());
        int members = 0;
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.equals("id") || n.equals("type") || n.equals("@context")) {
                continue;
            }
            members++;
            JsonNode given = body.get(n);
            Attribute parsed = e.attribute(CTX.expand(n)).get(0);
            assertThat(parsed.type().term()).as(n).isEqualTo(given.get("type").textValue());
            assertThat(parsed.value()).as(n).isEqualTo(given.get(parsed.type().valueMember()));
        }
        assertThat(e.attributes()).hasSize(members);
    }

    @Test
    void airQualityObservedKeepsValuesAndUnits() {
        Entity e = PARSER.parseEntity(load("sdm/AirQualityObserved.jsonld"), CTX);
        Attribute co = e.attribute(DEFAULT + "co").get(0);
        assertThat(co.value().intValue()).isEqualTo(500);
        assertThat(co.unitCode()).isEqualTo("GP");
        assertThat(e.attribute(CORE + "location").get(0).type()).isEqualTo(AttributeType.GEO_PROPERTY);
        assertThat(e.attribute(DEFAULT + "refPointOfInterest").get(0).value().textValue())
                .isEqualTo("urn:ngsi-ld:PointOfInterest:28079004-Pza.deEspanya");
        assertThat(e.attribute(DEFAULT + "address").get(0).value().get("type").textValue()).isEqualTo("PostalAddress");
    }

    @Test
    void streetlightKeepsTypedLiteralsAndSubAttributes() {
        Entity e = PARSER.parseEntity(load("sdm/Streetlight.jsonld"), CTX);
        Attribute lampChange = e.attribute(DEFAULT + "dateLastLampChange").get(0);
        assertThat(lampChange.value().get("@type").textValue()).isEqualTo("DateTime");
        Attribute municipality = e.attribute(DEFAULT + "municipalityInfo").get(0);
        assertThat(municipality.subAttributes()).containsOnlyKeys(DEFAULT + "deviceInfo");
        assertThat(municipality.subAttributes().get(DEFAULT + "deviceInfo").value().get("deviceModel").get("brandName")
                .textValue()).isEqualTo("abc");
    }

    /**
     * Two more upstream examples are not valid NGSI-LD (found by this parser, not listed in the SDM README):
     * WaterObserved has a Relationship whose object is a date, DeviceMeasurement a {@code location} that is a
     * Property (clause 4.7: location is a GeoProperty).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "WaterObserved|attribute 'dateObserved': Relationship 'object' must be an absolute URI",
        "DeviceMeasurement|attribute 'location': must be a GeoProperty"})
    void rejectsTheOtherKnownBadExamples(String model, String error) {
        assertThatThrownBy(() -> PARSER.parseEntity(load("sdm/" + model + ".jsonld"), CTX))
                .hasMessageStartingWith(error);
    }

    /**
     * The upstream FloodMonitoring example is known-bad (see sdm/README.md): {@code "type": "string"} is not an
     * NGSI-LD attribute type, so it is rejected, naming the attribute; the corrected copy parses.
     */
    @Test
    void floodMonitoringUpstreamIsRejectedAndTheCorrectedCopyParses() {
        assertThatThrownBy(() -> PARSER.parseEntity(load("sdm/FloodMonitoring.jsonld"), CTX))
                .hasMessageStartingWith("attribute 'floodLevelStatus': 'string' is not an NGSI-LD attribute type");

        Entity e = PARSER.parseEntity(load("FloodMonitoring-fixed.jsonld"), CTX);
        assertThat(e.attributes()).hasSize(8);
        assertThat(e.attribute(DEFAULT + "currentLevel").get(0).unitCode()).isEqualTo("MTR");
        assertThat(e.attribute(DEFAULT + "stationID").get(0).value().textValue()).isEqualTo("FWR013");
    }
}
