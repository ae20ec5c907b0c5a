package org.civicbroker.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCheckerTest {

    static final ModelFiles FILES = new ModelFiles(null, SchemaCheckerTest.class.getClassLoader());
    static final SchemaChecker CHECKER = new SchemaChecker(FILES);

    static Schema compile(String folder) {
        return CHECKER.compile(ModelFiles.PAGES + folder + "/schema.json", FILES.json(folder + "/schema.json").orElseThrow());
    }

    static ObjectNode keyValues(String folder) {
        ObjectNode kv = (ObjectNode) SdmExamples.read(folder + "/examples/example.jsonld");
        kv.remove("@context");
        return kv;
    }

    @Test
    void missingRequiredPropertiesPointAtTheProperty() {
        ObjectNode kv = keyValues("dataModel.Weather/WeatherObserved");
        assertThat(SchemaChecker.check(compile("dataModel.Weather/WeatherObserved"), kv)).isEmpty();
        kv.remove("dateObserved");
        kv.remove("location");
        List<Violation> v = SchemaChecker.check(compile("dataModel.Weather/WeatherObserved"), kv);
        assertThat(v).extracting(Violation::pointer).containsExactlyInAnyOrder("/dateObserved", "/location");
        assertThat(v.get(0).message()).contains("required");
    }

    @Test
    void formatsAreAsserted() {
        ObjectNode kv = keyValues("dataModel.Weather/WeatherObserved");
        kv.put("dateObserved", "2016-11-30 07:00");
        assertThat(SchemaChecker.check(compile("dataModel.Weather/WeatherObserved"), kv))
                .singleElement().satisfies(x -> {
                    assertThat(x.pointer()).isEqualTo("/dateObserved");
                    assertThat(x.message()).contains("date-time");
                });
        // Device ipAddress is a oneOf of format ipv4 / ipv6: it only passes when formats are asserted
        assertThat(SchemaChecker.check(compile("dataModel.Device/Device"), keyValues("dataModel.Device/Device"))).isEmpty();
    }

    @Test
    void schemasSharingAnIdDoNotCollide() {
        // StreetlightModel declares Streetlight's $id; each must keep its own rules
        Schema light = compile("dataModel.Streetlighting/Streetlight");
        Schema model = compile("dataModel.Streetlighting/StreetlightModel");
        ObjectNode kv = keyValues("dataModel.Streetlighting/StreetlightModel");
        assertThat(SchemaChecker.check(model, kv)).isEmpty();
        kv.remove("name");
        assertThat(SchemaChecker.check(model, kv)).extracting(Violation::pointer).contains("/name");
        assertThat(SchemaChecker.check(light, keyValues("dataModel.Streetlighting/Streetlight"))).isEmpty();
    }

    @Test
    void unmappedRemoteReferencesAreNeverFetched() throws Exception {
        // a reachable server with a valid schema: fetching it would make the check pass
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/s.json", ex -> {
            hits.incrementAndGet();
            byte[] body = "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/s.json";
            JsonNode schema = SdmExamples.MAPPER.createObjectNode()
                    .put("$schema", "https://json-schema.org/draft/2020-12/schema").put("$ref", url);
            assertThatThrownBy(() -> SchemaChecker.check(CHECKER.compile("https://example.org/s.json", schema),
                    SdmExamples.MAPPER.createObjectNode())).isInstanceOf(RuntimeException.class);
            assertThat(hits.get()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void warningHeaderValuesStayPrintableAscii() {
        assertThat(WarningHeaderFilter.value("Schema X: /name: \"café\"\n"))
                .isEqualTo("299 - \"Schema X: /name: 'caf?'?\"");
    }
}
