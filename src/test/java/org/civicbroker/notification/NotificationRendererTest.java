package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.jsonld.JsonLdConfig;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionParser;
import org.junit.jupiter.api.Test;

/**
 * showChanges (clause 5.2.14) with multi-attributes (several instances by datasetId, clause 4.5.5): the
 * previous value is given per instance, matched by datasetId; in the concise format too.
 */
class NotificationRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final LdContext CORE = new TitaniumContextResolver(JsonLdConfig.defaults()).core();

    private static Entity entity(String fixture) throws Exception {
        return new EntityParser(null).parseEntity(JSON.readTree(fixture(fixture)), CORE);
    }

    private static JsonNode notified(String format) throws Exception {
        Subscription s = SubscriptionParser.parse(JSON.readTree(fixture("show-changes-subscription.json", "format", format)),
                CORE, null, "urn:ngsi-ld:Subscription:sc", null, NOW, NOW, NOW);
        Entity before = entity("show-changes-before.json");
        Entity after = entity("show-changes-after.json");
        NotificationRenderer.Rendered r = new NotificationRenderer().render(s, List.of(after), Map.of(after.id(), before),
                List.of(), CORE, NOW);
        return JSON.readTree(r.body()).get("data").get(0);
    }

    private static JsonNode instance(JsonNode attr, String datasetId) {
        for (JsonNode i : attr) {
            if (datasetId == null ? !i.has("datasetId") : datasetId.equals(i.path("datasetId").asText())) {
                return i;
            }
        }
        throw new AssertionError("no instance " + datasetId + " in " + attr);
    }

    @Test
    void normalizedMultiAttributeGetsPreviousValuePerDatasetId() throws Exception {
        JsonNode speed = notified("normalized").get("speed");
        assertThat(speed.isArray()).isTrue();
        assertThat(instance(speed, null).get("previousValue").asInt()).isEqualTo(5);
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:gps").get("value").asInt()).isEqualTo(11);
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:gps").get("previousValue").asInt()).isEqualTo(10);
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:radar").has("previousValue")).as("unchanged instance").isFalse();
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:lidar").has("previousValue")).as("new instance").isFalse();
    }

    @Test
    void conciseMultiAttributeAndBareValuesGetPreviousValues() throws Exception {
        JsonNode e = notified("concise");
        JsonNode speed = e.get("speed");
        assertThat(instance(speed, null).get("previousValue").asInt()).isEqualTo(5);
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:gps").get("previousValue").asInt()).isEqualTo(10);
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:radar").has("previousValue")).isFalse();
        assertThat(instance(speed, "urn:ngsi-ld:Dataset:lidar").has("previousValue")).isFalse();
        // a changed bare concise value takes its object form to carry the previous value
        assertThat(e.get("colour").get("value").asText()).isEqualTo("blue");
        assertThat(e.get("colour").get("previousValue").asText()).isEqualTo("red");
        assertThat(e.get("owner").get("object").asText()).isEqualTo("urn:ngsi-ld:Person:2");
        assertThat(e.get("owner").get("previousObject").asText()).isEqualTo("urn:ngsi-ld:Person:1");
        assertThat(e.get("location").get("value").get("coordinates").get(0).asDouble()).isEqualTo(-0.13);
        assertThat(e.get("location").get("previousValue").get("coordinates").get(0).asDouble()).isEqualTo(-0.12);
    }

    @Test
    void singleInstancesAndRelationshipsInNormalized() throws Exception {
        JsonNode e = notified("normalized");
        assertThat(e.get("colour").get("previousValue").asText()).isEqualTo("red");
        assertThat(e.get("owner").get("previousObject").asText()).isEqualTo("urn:ngsi-ld:Person:1");
        assertThat(e.get("location").get("previousValue").get("type").asText()).isEqualTo("Point");
    }

    /** The core context, but linked as an implicit context served by the broker at localhost (as outside a request). */
    private static final LdContext IMPLICIT = new LdContext() {
        @Override
        public String expand(String term) {
            return CORE.expand(term);
        }

        @Override
        public String compact(String iri) {
            return CORE.compact(iri);
        }

        @Override
        public JsonNode contextValue() {
            return CORE.contextValue();
        }

        @Override
        public Optional<String> linkUrl() {
            return Optional.of("http://localhost:1026/ngsi-ld/v1/jsonldContexts/3f0c");
        }
    };

    private static Subscription withContext(String context, String linkBase) throws Exception {
        return SubscriptionParser.parse(JSON.readTree(fixture("show-changes-subscription.json", "format", "keyValues")),
                CORE, JSON.readTree(context), "urn:ngsi-ld:Subscription:ctx", null, NOW, NOW, NOW).withLinkBase(linkBase);
    }

    private static String link(NotificationRenderer renderer, Subscription s) throws Exception {
        return renderer.render(s, List.of(entity("show-changes-after.json")), Map.of(), List.of(), IMPLICIT, NOW)
                .headers().get("Link");
    }

    @Test
    void inlineContextIsLinkedUnderTheBaseTheSubscriberUsed() throws Exception {
        Subscription inline = withContext("{\"speed\": \"https://example.org/speed\"}", "https://broker.camden.example:8443");
        assertThat(link(new NotificationRenderer(), inline))
                .startsWith("<https://broker.camden.example:8443/ngsi-ld/v1/jsonldContexts/3f0c>");
        // civic.jsonld.public-base-url set: the resolver's URL (built with it) is kept
        assertThat(link(new NotificationRenderer(Optional.of("https://ngsi.london.example")), inline))
                .startsWith("<http://localhost:1026/ngsi-ld/v1/jsonldContexts/3f0c>");
        // no base known (a subscription stored before bases were kept): the resolver's URL
        assertThat(link(new NotificationRenderer(), withContext("[{\"speed\": \"https://example.org/speed\"}]", null)))
                .startsWith("<http://localhost:1026/");
        // a context given by URL is linked as it is
        assertThat(link(new NotificationRenderer(), withContext("\"https://example.org/ctx.jsonld\"", "https://broker.camden.example")))
                .startsWith("<http://localhost:1026/");
        assertThat(org.civicbroker.subscription.ContextLink.rebase("http://localhost:1026/ngsi-ld/v1/jsonldContexts/x", "https://b.example/"))
                .isEqualTo("https://b.example/ngsi-ld/v1/jsonldContexts/x");
    }

    @Test
    void keyValuesCarriesNoPreviousValues() throws Exception {
        JsonNode e = notified("keyValues");
        assertThat(e.toString()).doesNotContain("previous");
        assertThat(e.get("colour").asText()).isEqualTo("blue");
    }
}
