package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.JsonLdConfig;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionParser;
import org.junit.jupiter.api.Test;

/**
 * Linked Entity retrieval in notifications (clause 4.5.23 with NotificationParams join/joinLevel, clause
 * 5.2.14): flat appends the Linked Entities to the data, inline embeds them in the Relationship; joinLevel
 * bounds the hops and loops end.
 */
class LinkedEntityNotificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");
    private static final LdContext CORE = new TitaniumContextResolver(JsonLdConfig.defaults()).core();

    private static Entity entity(String json) throws Exception {
        return new EntityParser(null).parseEntity(JSON.readTree(json), CORE);
    }

    private final Map<String, Entity> store = new LinkedHashMap<>();
    private final List<Collection<String>> lookups = new ArrayList<>();
    private final Function<Collection<String>, Map<String, Entity>> lookup = ids -> {
        lookups.add(List.copyOf(ids));
        Map<String, Entity> out = new LinkedHashMap<>();
        ids.forEach(id -> {
            if (store.containsKey(id)) {
                out.put(id, store.get(id));
            }
        });
        return out;
    };

    private Entity station() throws Exception {
        store.put("urn:ngsi-ld:Borough:camden", entity("{\"id\": \"urn:ngsi-ld:Borough:camden\", \"type\": \"Borough\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Camden\"},"
                + " \"partOf\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:london\"}}"));
        store.put("urn:ngsi-ld:City:london", entity("{\"id\": \"urn:ngsi-ld:City:london\", \"type\": \"City\","
                + " \"contains\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Borough:camden\"}}"));
        return entity("{\"id\": \"urn:ngsi-ld:Station:euston\", \"type\": \"Station\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Euston\"},"
                + " \"locatedIn\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Borough:camden\"},"
                + " \"operator\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Company:unknown\"}}");
    }

    private JsonNode data(String notification) throws Exception {
        Subscription s = SubscriptionParser.parse(JSON.readTree("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Station\"}],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\"}, " + notification + "}}"),
                CORE, null, "urn:ngsi-ld:Subscription:join", null, NOW, NOW, NOW);
        return JSON.readTree(new NotificationRenderer().render(s, List.of(Notified.current(station(), NOW)), CORE, NOW, lookup)
                .body()).get("data");
    }

    @Test
    void flatAppendsEachLinkedEntityOnce() throws Exception {
        JsonNode data = data("\"join\": \"flat\"");
        assertThat(data).hasSize(2);
        assertThat(data.get(1).get("id").asText()).isEqualTo("urn:ngsi-ld:Borough:camden");
        assertThat(data.get(1).get("name").get("value").asText()).isEqualTo("Camden");
        assertThat(data.get(0).get("locatedIn").has("entity")).isFalse();
    }

    @Test
    void joinLevelFollowsMoreHopsAndLoopsEnd() throws Exception {
        JsonNode data = data("\"join\": \"flat\", \"joinLevel\": 5");
        assertThat(data).extracting(e -> e.get("id").asText())
                .containsExactly("urn:ngsi-ld:Station:euston", "urn:ngsi-ld:Borough:camden", "urn:ngsi-ld:City:london");
    }

    @Test
    void inlineEmbedsTheLinkedEntityInTheRelationship() throws Exception {
        JsonNode data = data("\"join\": \"inline\"");
        assertThat(data).hasSize(1);
        JsonNode camden = data.get(0).get("locatedIn").get("entity");
        assertThat(camden.get("id").asText()).isEqualTo("urn:ngsi-ld:Borough:camden");
        assertThat(camden.get("partOf").has("entity")).as("joinLevel 1").isFalse();
        assertThat(data.get(0).get("operator").has("entity")).as("not stored").isFalse();
    }

    @Test
    void inlineSimplifiedReplacesTheObjectAndProjectionLimitsWhatIsFollowed() throws Exception {
        JsonNode data = data("\"join\": \"inline\", \"joinLevel\": 2, \"format\": \"keyValues\", \"attributes\": [\"locatedIn\"]");
        JsonNode camden = data.get(0).get("locatedIn");
        assertThat(camden.get("name").asText()).isEqualTo("Camden");
        assertThat(camden.get("partOf").get("id").asText()).isEqualTo("urn:ngsi-ld:City:london");
        assertThat(data.get(0).has("operator")).isFalse();
        assertThat(lookups.get(0)).containsExactly("urn:ngsi-ld:Borough:camden");
    }

    @Test
    void noJoinLooksNothingUp() throws Exception {
        assertThat(data("\"format\": \"normalized\"")).hasSize(1);
        assertThat(lookups).isEmpty();
    }

    @Test
    void containedByIdsAreNotRetrievedAgain() throws Exception {
        // the receiver already holds the borough: the walk goes no further through it (clause 4.5.23, containedBy)
        JsonNode data = data("\"join\": \"flat\", \"joinLevel\": 5, \"containedBy\": [\"urn:ngsi-ld:Borough:camden\"]");
        assertThat(data).extracting(e -> e.get("id").asText()).containsExactly("urn:ngsi-ld:Station:euston");
        assertThat(lookups).allSatisfy(ids -> assertThat(ids).doesNotContain("urn:ngsi-ld:Borough:camden"));

        JsonNode inline = data("\"join\": \"inline\", \"containedBy\": [\"urn:ngsi-ld:Borough:camden\"]");
        assertThat(inline.get(0).get("locatedIn").has("entity")).isFalse();
    }

    @Test
    void containedByMustListUris() {
        assertThatThrownBy(() -> data("\"join\": \"flat\", \"containedBy\": [\"not a uri\"]"))
                .isInstanceOf(NgsiException.class).hasMessageContaining("containedBy");
        assertThatThrownBy(() -> data("\"join\": \"flat\", \"containedBy\": \"urn:a:b\""))
                .isInstanceOf(NgsiException.class).hasMessageContaining("containedBy");
    }
}
