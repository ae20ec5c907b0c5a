package org.civicbroker.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.junit.jupiter.api.Test;

/** Matching of every selector kind, trigger, filter and state (clauses 5.8.1, 5.11), and the index. */
class SubscriptionMatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = VocabContext.NS;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static Subscription sub(String members) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"Subscription\","
                    + "\"notification\":{\"endpoint\":{\"uri\":\"http://localhost:1/n\"}}" + (members.isEmpty() ? "" : ",") + members + "}");
            return SubscriptionParser.parse(body, VocabContext.INSTANCE, null, "urn:ngsi-ld:Subscription:1", null, NOW, NOW, NOW);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Entity entity(String id, String type, Map<String, Object> attrs) {
        Map<String, List<Attribute>> a = new LinkedHashMap<>();
        attrs.forEach((k, v) -> {
            JsonNode value = JSON.valueToTree(v);
            AttributeType t = value.isObject() && value.has("coordinates") ? AttributeType.GEO_PROPERTY : AttributeType.PROPERTY;
            String iri = k.equals("location") ? "https://uri.etsi.org/ngsi-ld/location" : NS + k;
            a.put(iri, List.of(Attribute.of(t, value)));
        });
        return new Entity(id, List.of(NS + type), List.of("/London/Camden"), NOW, NOW, a);
    }

    static EntityChange update(Entity before, Entity after) {
        Operation op = before == null ? Operation.CREATE : after == null ? Operation.DELETE : Operation.UPDATE;
        return new EntityChange(null, op, (after != null ? after : before).id(), before, after, NOW);
    }

    private final Entity v1 = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 10, "colour", "red"));
    private final Entity v1fast = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 90, "colour", "red"));
    private final Entity v1blue = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 10, "colour", "blue"));
    private final Entity v1noColour = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 10));

    @Test
    void selectsByTypeIdIdPatternAndTypeExpression() {
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}]"), update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Building\"}]"), update(v1, v1fast), NOW)).isFalse();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\",\"id\":\"urn:ngsi-ld:Vehicle:1\"}]"),
                update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\",\"id\":\"urn:ngsi-ld:Vehicle:2\"}]"),
                update(v1, v1fast), NOW)).isFalse();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\",\"idPattern\":\".*:1$\"}]"),
                update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\",\"idPattern\":\".*:2$\"}]"),
                update(v1, v1fast), NOW)).isFalse();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Building|Vehicle\"}]"), update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Building;Vehicle\"}]"), update(v1, v1fast), NOW)).isFalse();
        // several selectors: any of them
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Building\"},{\"type\":\"Vehicle\"}]"),
                update(v1, v1fast), NOW)).isTrue();
    }

    @Test
    void watchedAttributesRestrictToChangedAttributes() {
        Subscription speed = sub("\"entities\":[{\"type\":\"Vehicle\"}],\"watchedAttributes\":[\"speed\"]");
        assertThat(SubscriptionMatcher.matches(speed, update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(speed, update(v1, v1blue), NOW)).isFalse();
        // watchedAttributes without entities: any type with that attribute
        Subscription colourAnywhere = sub("\"watchedAttributes\":[\"colour\"]");
        assertThat(SubscriptionMatcher.matches(colourAnywhere, update(v1, v1blue), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(colourAnywhere, update(v1, v1fast), NOW)).isFalse();
    }

    @Test
    void defaultTriggersAreAttributeCreatedAndUpdated() {
        Subscription s = sub("\"entities\":[{\"type\":\"Vehicle\"}]");
        assertThat(SubscriptionMatcher.matches(s, update(null, v1), NOW)).as("creation: attributes created").isTrue();
        assertThat(SubscriptionMatcher.matches(s, update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(s, update(v1, v1noColour), NOW)).as("attribute deleted").isFalse();
        assertThat(SubscriptionMatcher.matches(s, update(v1, null), NOW)).as("entity deleted").isFalse();
    }

    @Test
    void eachNotificationTrigger() {
        String e = "\"entities\":[{\"type\":\"Vehicle\"}],\"notificationTrigger\":";
        Subscription created = sub(e + "[\"entityCreated\"]");
        assertThat(SubscriptionMatcher.matches(created, update(null, v1), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(created, update(v1, v1fast), NOW)).isFalse();
        Subscription deleted = sub(e + "[\"entityDeleted\"]");
        assertThat(SubscriptionMatcher.matches(deleted, update(v1, null), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(deleted, update(v1, v1fast), NOW)).isFalse();
        Subscription updated = sub(e + "[\"entityUpdated\"]");
        assertThat(SubscriptionMatcher.matches(updated, update(v1, v1noColour), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(updated, update(null, v1), NOW)).isFalse();
        Subscription attrDeleted = sub(e + "[\"attributeDeleted\"]");
        assertThat(SubscriptionMatcher.matches(attrDeleted, update(v1, v1noColour), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(attrDeleted, update(v1, v1fast), NOW)).isFalse();
        // deleting the entity deletes its attributes (clause 5.8.6)
        assertThat(SubscriptionMatcher.matches(attrDeleted, update(v1, null), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub(e + "[\"attributeDeleted\"],\"watchedAttributes\":[\"colour\"]"),
                update(v1noColour, null), NOW)).as("the watched attribute was not there to delete").isFalse();
        Subscription attrCreated = sub(e + "[\"attributeCreated\"]");
        assertThat(SubscriptionMatcher.matches(attrCreated, update(v1noColour, v1), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(attrCreated, update(v1, v1fast), NOW)).isFalse();
        Subscription attrUpdated = sub(e + "[\"attributeUpdated\"]");
        assertThat(SubscriptionMatcher.matches(attrUpdated, update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(attrUpdated, update(v1noColour, v1), NOW)).isFalse();
    }

    @Test
    void qGeoQAndScopeQOnTheNewState() {
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"q\":\"speed>50\""),
                update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"q\":\"speed>50\""),
                update(v1fast, v1), NOW)).isFalse();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"scopeQ\":\"/London/#\""),
                update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"scopeQ\":\"/Paris\""),
                update(v1, v1fast), NOW)).isFalse();
        Map<String, Object> point = Map.of("type", "Point", "coordinates", List.of(-0.1276, 51.5072));
        Entity here = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 90, "location", point));
        Entity before = entity("urn:ngsi-ld:Vehicle:1", "Vehicle", Map.of("speed", 10, "location", point));
        String near = "\"entities\":[{\"type\":\"Vehicle\"}],\"geoQ\":{\"geometry\":\"Point\",\"coordinates\":[-0.1280,51.5075],"
                + "\"georel\":\"near;maxDistance==%d\"}";
        assertThat(SubscriptionMatcher.matches(sub(String.format(near, 1000)), update(before, here), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(sub(String.format(near, 5)), update(before, here), NOW)).isFalse();
    }

    @Test
    void pausedAndExpiredSubscriptionsDoNotFire() {
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"isActive\":false"),
                update(v1, v1fast), NOW)).isFalse();
        Subscription expiring = sub("\"entities\":[{\"type\":\"Vehicle\"}],\"expiresAt\":\"2026-01-01T00:00:10Z\"");
        assertThat(SubscriptionMatcher.matches(expiring, update(v1, v1fast), NOW)).isTrue();
        assertThat(SubscriptionMatcher.matches(expiring, update(v1, v1fast), NOW.plusSeconds(11))).isFalse();
        assertThat(SubscriptionMatcher.matches(sub("\"entities\":[{\"type\":\"Vehicle\"}],\"timeInterval\":5"),
                update(v1, v1fast), NOW)).as("periodic subscriptions do not fire on change").isFalse();
    }

    @Test
    void throttlingAllowsOneNotificationPerPeriod() {
        SubscriptionStats stats = new SubscriptionStats();
        assertThat(stats.tryFire(NOW, 10)).isTrue();
        assertThat(stats.tryFire(NOW.plusSeconds(5), 10)).isFalse();
        assertThat(stats.tryFire(NOW.plusSeconds(10), 10)).isTrue();
    }

    @Test
    void indexOffersOnlySubscriptionsOfTheEntityTypeOrWatchedAttribute() {
        SubscriptionIndex index = new SubscriptionIndex();
        for (int i = 0; i < 100; i++) {
            Subscription s = sub("\"id\":\"x\",\"entities\":[{\"type\":\"Building" + i + "\"}]");
            index.put(new Subscription("urn:s:" + i, null, s.source(), null, s.entities(), s.watched(), s.triggers(), null, null,
                    null, null, true, null, 0, 0, s.notification(), null, NOW, NOW, null, null));
        }
        Subscription vehicles = sub("\"entities\":[{\"type\":\"Vehicle\"}]");
        Subscription colour = sub("\"watchedAttributes\":[\"colour\"]");
        index.put(vehicles);
        index.put(new Subscription("urn:s:colour", null, colour.source(), null, colour.entities(), colour.watched(),
                colour.triggers(), null, null, null, null, true, null, 0, 0, colour.notification(), null, NOW, NOW, null, null));
        assertThat(index.candidates(update(v1, v1fast))).extracting(Subscription::id)
                .containsExactlyInAnyOrder(vehicles.id(), "urn:s:colour");
        index.remove(vehicles.id());
        assertThat(index.candidates(update(v1, v1fast))).extracting(Subscription::id).containsExactly("urn:s:colour");
        assertThat(index.size()).isEqualTo(101);
    }

    @Test
    void rejectsInvalidMembers() {
        for (String bad : List.of("\"entities\":[]", "\"entities\":[{\"id\":\"urn:x:1\"}]",
                "\"entities\":[{\"type\":\"V\",\"idPattern\":\"(a\"}]", "\"entities\":[{\"type\":\"V\",\"id\":\"not a uri\"}]",
                "\"watchedAttributes\":[]", "\"watchedAttributes\":\"speed\"",
                "\"entities\":[{\"type\":\"V\"}],\"notificationTrigger\":[\"sometimes\"]",
                "\"entities\":[{\"type\":\"V\"}],\"q\":\"speed>>1\"", "\"entities\":[{\"type\":\"V\"}],\"scopeQ\":\"nope\"",
                "\"entities\":[{\"type\":\"V\"}],\"geoQ\":{\"georel\":\"near\"}",
                "\"entities\":[{\"type\":\"V\"}],\"isActive\":\"yes\"", "\"entities\":[{\"type\":\"V\"}],\"expiresAt\":\"tomorrow\"",
                "\"entities\":[{\"type\":\"V\"}],\"expiresAt\":\"2020-01-01T00:00:00Z\"",
                "\"entities\":[{\"type\":\"V\"}],\"throttling\":0",
                "\"entities\":[{\"type\":\"V\"}],\"timeInterval\":10,\"watchedAttributes\":[\"a\"]",
                "\"entities\":[{\"type\":\"V\"}],\"lang\":\"@@\"", "\"entities\":[{\"type\":\"V\"}],\"jsonldContext\":\"ctx\"",
                "\"entities\":[{\"type\":\"V\"}],\"unknown\":1", "\"entities\":[{\"type\":\"V\"}],\"temporalQ\":{}")) {
            assertThatThrownBy(() -> sub(bad)).as(bad).isInstanceOf(NgsiException.class);
        }
    }

    @Test
    void rejectsInvalidNotificationParams() throws Exception {
        for (String n : List.of("{}", "{\"endpoint\":{}}", "{\"endpoint\":{\"uri\":\"ftp://x/y\"}}",
                "{\"endpoint\":{\"uri\":\"http://x/y\",\"accept\":\"text/plain\"}}",
                "{\"endpoint\":{\"uri\":\"mqtt://x\"}}",
                "{\"endpoint\":{\"uri\":\"mqtt://x/t\",\"notifierInfo\":[{\"key\":\"MQTT-QoS\",\"value\":\"3\"}]}}",
                "{\"endpoint\":{\"uri\":\"mqtt://x/t\",\"notifierInfo\":[{\"key\":\"MQTT-Version\",\"value\":\"mqtt4\"}]}}",
                "{\"endpoint\":{\"uri\":\"http://x/y\",\"receiverInfo\":[{\"key\":\"a b\",\"value\":\"1\"}]}}",
                "{\"endpoint\":{\"uri\":\"http://x/y\",\"receiverInfo\":{\"key\":\"a\"}}}",
                "{\"endpoint\":{\"uri\":\"http://x/y\"},\"format\":\"fancy\"}",
                "{\"endpoint\":{\"uri\":\"http://x/y\"},\"pick\":\"a\",\"omit\":\"b\"}",
                "{\"endpoint\":{\"uri\":\"http://x/y\"},\"sysAttrs\":1}")) {
            ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"Subscription\",\"entities\":[{\"type\":\"V\"}],\"notification\":" + n + "}");
            assertThatThrownBy(() -> SubscriptionParser.parse(body, VocabContext.INSTANCE, null, "urn:s:1", null, NOW, NOW, NOW))
                    .as(n).isInstanceOf(NgsiException.class);
        }
    }
}
