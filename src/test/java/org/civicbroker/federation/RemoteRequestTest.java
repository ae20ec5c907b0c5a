package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The query string forwarded to context sources (clause 4.3.6). */
class RemoteRequestTest {

    @Test
    void keepsTheClientsParametersInOrderAndEncoding() {
        assertThat(RemoteRequest.query("attrs=speed&type=Vehicle&q=speed%3E50")).isEqualTo("?attrs=speed&type=Vehicle&q=speed%3E50");
        assertThat(RemoteRequest.query(null)).isEmpty();
    }

    @Test
    void dropsLocalAndAsksForTheNormalizedForm() {
        assertThat(RemoteRequest.query("type=Vehicle&local=true&format=simplified")).isEqualTo("?type=Vehicle");
        assertThat(RemoteRequest.query("type=Vehicle&options=keyValues,sysAttrs")).isEqualTo("?type=Vehicle&options=sysAttrs");
        assertThat(RemoteRequest.query("type=Vehicle&options=concise")).isEqualTo("?type=Vehicle");
    }

    @Test
    void aLaterPageAsksEachSourceForEverythingUpToItsEnd() {
        assertThat(RemoteRequest.query("type=Vehicle&limit=10&offset=20")).isEqualTo("?type=Vehicle&limit=30");
        assertThat(RemoteRequest.query("type=Vehicle&offset=5")).isEqualTo("?type=Vehicle&limit=25");
    }

    @Test
    void theForwardedPathIsTheResourcePathWithoutATrailingSlash() {
        assertThat(RemoteRequest.path("/ngsi-ld/v1/entities/")).isEqualTo("/ngsi-ld/v1/entities");
        assertThat(RemoteRequest.path("/ngsi-ld/v1/entities/urn:x:1/attrs/")).isEqualTo("/ngsi-ld/v1/entities/urn:x:1/attrs");
        assertThat(RemoteRequest.path("/ngsi-ld/v1/entities")).isEqualTo("/ngsi-ld/v1/entities");
    }

    @Test
    void aQueryBodyBecomesOneGetQueryPerEntitySelector() throws Exception {
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Vehicle\", \"id\": \"urn:x:1\"}, {\"type\": \"Bus\"}],"
                        + " \"attrs\": [\"speed\", \"brandName\"], \"q\": \"speed>50\","
                        + " \"geoQ\": {\"geometry\": \"Point\", \"coordinates\": [1, 2], \"georel\": \"near;maxDistance==10\"}}");
        assertThat(RemoteRequest.fromQueryBody(body, "limit=5&local=true")).containsExactly(
                "?id=urn:x:1&type=Vehicle&attrs=speed,brandName&q=speed%3E50&geometry=Point&georel=near%3BmaxDistance%3D%3D10"
                        + "&coordinates=%5B1,2%5D&limit=5",
                "?type=Bus&attrs=speed,brandName&q=speed%3E50&geometry=Point&georel=near%3BmaxDistance%3D%3D10"
                        + "&coordinates=%5B1,2%5D&limit=5");
    }

    @Test
    void aForwardedQueryIsNarrowedToTheRegisteredEntitiesAndAttributes() {
        org.civicbroker.jsonld.LdContext ctx = new org.civicbroker.jsonld.LdContext() {
            @Override
            public String expand(String term) {
                return "https://uri.etsi.org/ngsi-ld/default-context/" + term;
            }

            @Override
            public String compact(String iri) {
                return iri.substring(iri.lastIndexOf('/') + 1);
            }

            @Override
            public com.fasterxml.jackson.databind.JsonNode contextValue() {
                return null;
            }

            @Override
            public java.util.Optional<String> linkUrl() {
                return java.util.Optional.empty();
            }
        };
        String speed = ctx.expand("speed");
        assertThat(RemoteRequest.restrict("?type=Vehicle", List.of("urn:x:1"), Set.of(speed), ctx))
                .isEqualTo("?type=Vehicle&id=urn:x:1&attrs=speed");
        assertThat(RemoteRequest.restrict("?type=Vehicle&attrs=speed,brandName", List.of(), Set.of(speed), ctx))
                .isEqualTo("?type=Vehicle&attrs=speed");
        assertThat(RemoteRequest.restrict("?type=Vehicle&id=urn:x:2", List.of("urn:x:1"), Set.of(), ctx)).isEqualTo("?type=Vehicle&id=urn:x:2");
        assertThat(RemoteRequest.restrict("?type=Vehicle", List.of(), Set.of(), ctx)).isEqualTo("?type=Vehicle");
    }

    @Test
    void aQueryBodyOverAnEntityMapIsOneGetWithTheSelectorsTypesAsAlternatives() throws Exception {
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"A\"}, {\"type\": \"B\", \"id\": \"urn:x:1\"}], \"q\": \"p>1\"}");
        assertThat(RemoteRequest.mapQuery(body, "limit=5")).isEqualTo("type=A,B&q=p%3E1&limit=5");
        // a selector without a type: no type at all (the map's ids restrict the answer)
        var untyped = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"A\"}, {\"idPattern\": \".*\"}], \"attrs\": [\"p\"]}");
        assertThat(RemoteRequest.mapQuery(untyped, null)).isEqualTo("attrs=p");
    }

    @Test
    void aQueryBodyNarrowedToTheMapsIdsHasOneSelectorPerId() throws Exception {
        byte[] body = "{\"type\": \"Query\", \"entities\": [{\"type\": \"A\"}], \"temporalQ\": {\"timerel\": \"after\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(RemoteRequest.withIds(body, List.of("urn:x:1", "urn:x:2")));
        assertThat(out.path("entities")).hasSize(2);
        assertThat(out.path("entities").path(1).path("id").asText()).isEqualTo("urn:x:2");
        assertThat(out.path("entities").path(1).path("type").asText()).isEqualTo("A");
        assertThat(out.path("temporalQ").path("timerel").asText()).isEqualTo("after");
    }
}
