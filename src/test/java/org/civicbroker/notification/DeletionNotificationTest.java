package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.jsonld.JsonLdConfig;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionMatcher;
import org.civicbroker.subscription.SubscriptionParser;
import org.junit.jupiter.api.Test;

/**
 * Notifications of deletions (clause 5.8.6): a deleted attribute (or datasetId instance) is notified as
 * NGSI-LD Null in the member of its type, in each format; deletedAt under sysAttrs; with showChanges the
 * previous value in its type's previous member; a deleted entity carries deletedAt (and its system
 * timestamps under sysAttrs); the subscription's datasetId member selects the instances notified.
 */
class DeletionNotificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant DELETED = Instant.parse("2026-03-02T09:30:00Z");
    private static final LdContext CORE = new TitaniumContextResolver(JsonLdConfig.defaults()).core();
    private static final String NULL = "urn:ngsi-ld:null";
    private static final String NGSI = "https://uri.etsi.org/ngsi-ld/default-context/";

    private static Entity bridge() throws Exception {
        String text = new String(DeletionNotificationTest.class.getResourceAsStream("/fixtures/notification/all-types-entity.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        Entity e = new EntityParser(null).parseEntity(JSON.readTree(text), CORE);
        Map<String, List<Attribute>> stamped = new LinkedHashMap<>();
        e.attributes().forEach((iri, instances) -> stamped.put(iri, instances.stream().map(a -> a.withTimestamps(CREATED, CREATED)).toList()));
        return new Entity(e.id(), e.types(), e.scopes(), CREATED, CREATED, stamped);
    }

    /** The subscription: Bridge entities, the given extra members, notification members added to it. */
    private static Subscription subscription(String members, String notification) throws Exception {
        String body = "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Bridge\"}]" + (members.isEmpty() ? "" : ", " + members)
                + ", \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\"}" + (notification.isEmpty() ? "" : ", " + notification) + "}}";
        return SubscriptionParser.parse(JSON.readTree(body), CORE, null, "urn:ngsi-ld:Subscription:del", null, CREATED, CREATED, CREATED);
    }

    private static Entity without(Entity e, String term, Consumer<Map<String, List<Attribute>>> change) {
        Map<String, List<Attribute>> attrs = e.mutableAttributes();
        if (term != null) {
            attrs.remove(CORE.expand(term));
        }
        if (change != null) {
            change.accept(attrs);
        }
        return e.withAttributes(attrs).withModifiedAt(DELETED);
    }

    /** The one entity of the notification of {@code change}, asserting the subscription fires. */
    private static ObjectNode notify(Subscription s, Entity before, Entity after) throws Exception {
        EntityChange c = new EntityChange(null, after == null ? EntityChange.Operation.DELETE : EntityChange.Operation.DELETE_ATTRIBUTE,
                before.id(), before, after, DELETED);
        assertThat(SubscriptionMatcher.matches(s, c, DELETED)).as("the subscription fires").isTrue();
        NotificationRenderer.Rendered r = new NotificationRenderer().render(s,
                List.of(Notified.of(s, c, ChangeNotifier.shownAsDeleted(s, c))), CORE, DELETED);
        JsonNode data = JSON.readTree(r.body()).get("data");
        assertThat(data).hasSize(1);
        return (ObjectNode) data.get(0);
    }

    @Test
    void aDeletedAttributeIsNgsiLdNullBesideTheRemainingOnes() throws Exception {
        Entity before = bridge();
        ObjectNode e = notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", ""), before, without(before, "name", null));
        assertThat(e.get("name")).isEqualTo(JSON.readTree("{\"type\": \"Property\", \"value\": \"" + NULL + "\"}"));
        assertThat(e.get("operator").get("object").asText()).isEqualTo("urn:ngsi-ld:Organisation:cityBridgeTrust");
        assertThat(e.has("deletedAt")).as("the entity still exists").isFalse();
    }

    @Test
    void eachTypeUsesItsOwnValueMemberForNull() throws Exception {
        Entity before = bridge();
        Subscription s = subscription("\"notificationTrigger\": [\"attributeDeleted\"]", "");
        assertThat(notify(s, before, without(before, "operator", null)).get("operator"))
                .isEqualTo(JSON.readTree("{\"type\": \"Relationship\", \"object\": \"" + NULL + "\"}"));
        assertThat(notify(s, before, without(before, "motto", null)).get("motto"))
                .isEqualTo(JSON.readTree("{\"type\": \"LanguageProperty\", \"languageMap\": {\"@none\": \"" + NULL + "\"}}"));
        assertThat(notify(s, before, without(before, "design", null)).get("design"))
                .isEqualTo(JSON.readTree("{\"type\": \"JsonProperty\", \"json\": \"" + NULL + "\"}"));
        assertThat(notify(s, before, without(before, "category", null)).get("category"))
                .isEqualTo(JSON.readTree("{\"type\": \"VocabProperty\", \"vocab\": \"" + NULL + "\"}"));
        assertThat(notify(s, before, without(before, "location", null)).get("location"))
                .isEqualTo(JSON.readTree("{\"type\": \"GeoProperty\", \"value\": \"" + NULL + "\"}"));
    }

    @Test
    void keyValuesAndConciseGiveTheBareNullUnlessMoreMustBeSaid() throws Exception {
        Entity before = bridge();
        Entity after = without(before, "name", null);
        assertThat(notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", "\"format\": \"keyValues\""), before, after)
                .get("name").asText()).isEqualTo(NULL);
        assertThat(notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", "\"format\": \"concise\""), before, after)
                .get("name").asText()).isEqualTo(NULL);
        // sysAttrs must be said: the concise null takes its object form
        JsonNode withSys = notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]",
                "\"format\": \"concise\", \"sysAttrs\": true"), before, after).get("name");
        assertThat(withSys.get("value").asText()).isEqualTo(NULL);
        assertThat(withSys.get("deletedAt").asText()).isEqualTo("2026-03-02T09:30:00Z");
    }

    @Test
    void sysAttrsAddDeletedAtToTheNullInstance() throws Exception {
        Entity before = bridge();
        ObjectNode e = notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", "\"sysAttrs\": true"),
                before, without(before, "name", null));
        assertThat(e.get("name").get("value").asText()).isEqualTo(NULL);
        assertThat(e.get("name").get("createdAt").asText()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(e.get("name").get("deletedAt").asText()).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(e.get("operator").has("deletedAt")).isFalse();
    }

    @Test
    void oneDeletedDatasetIdInstanceIsNullWithItsDatasetIdAndTheOthersStay() throws Exception {
        Entity before = bridge();
        Entity after = without(before, null, attrs -> attrs.get(NGSI + "clearance").removeIf(a -> a.datasetId() != null));
        JsonNode clearance = notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", ""), before, after).get("clearance");
        assertThat(clearance).hasSize(2);
        assertThat(clearance).contains(JSON.readTree("{\"type\": \"Property\", \"value\": 8.6}"),
                JSON.readTree("{\"type\": \"Property\", \"value\": \"" + NULL + "\", \"datasetId\": \"urn:ngsi-ld:Dataset:raised\"}"));
    }

    @Test
    void anAttributeDeletedWithAllItsInstancesIsOneNull() throws Exception {
        Entity before = bridge();
        JsonNode clearance = notify(subscription("\"notificationTrigger\": [\"attributeDeleted\"]", ""), before,
                without(before, "clearance", null)).get("clearance");
        assertThat(clearance).isEqualTo(JSON.readTree("{\"type\": \"Property\", \"value\": \"" + NULL + "\"}"));
    }

    @Test
    void showChangesGivesThePreviousValueInTheMemberOfEachType() throws Exception {
        Entity before = bridge();
        Subscription s = subscription("\"notificationTrigger\": [\"attributeDeleted\"]", "\"showChanges\": true");
        assertThat(notify(s, before, without(before, "name", null)).get("name").get("previousValue").asText()).isEqualTo("Tower Bridge");
        assertThat(notify(s, before, without(before, "operator", null)).get("operator").get("previousObject").asText())
                .isEqualTo("urn:ngsi-ld:Organisation:cityBridgeTrust");
        assertThat(notify(s, before, without(before, "motto", null)).get("motto").get("previousLanguageMap").get("fr").asText())
                .isEqualTo("Ouvert aux navires");
        assertThat(notify(s, before, without(before, "design", null)).get("design").get("previousJson").get("spans").asInt()).isEqualTo(3);
        assertThat(notify(s, before, without(before, "category", null)).get("category").get("previousVocab").asText())
                .isEqualTo("https://example.org/vocab/movable");
        assertThat(notify(s, before, without(before, "liftTimes", null)).get("liftTimes").get("previousValueList"))
                .isEqualTo(JSON.readTree("[\"09:30\", \"17:00\"]"));
    }

    @Test
    void anEntityDeletionCarriesDeletedAtAndItsTimestampsUnderSysAttrs() throws Exception {
        Entity before = bridge();
        ObjectNode plain = notify(subscription("\"notificationTrigger\": [\"entityDeleted\"]", ""), before, null);
        assertThat(plain.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("id", "type", "deletedAt");
        ObjectNode sys = notify(subscription("\"notificationTrigger\": [\"entityDeleted\"]", "\"format\": \"keyValues\", \"sysAttrs\": true"),
                before, null);
        assertThat(sys.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "type", "createdAt", "modifiedAt", "deletedAt");
        assertThat(sys.get("deletedAt").asText()).isEqualTo("2026-03-02T09:30:00Z");
    }

    @Test
    void anEntityDeletionNotifiesTheWatchedAttributesAsDeletedForAttributeDeleted() throws Exception {
        Entity before = bridge();
        ObjectNode e = notify(subscription("\"watchedAttributes\": [\"name\"], \"notificationTrigger\": [\"attributeDeleted\"]", ""),
                before, null);
        assertThat(e.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("id", "type", "deletedAt", "name");
        assertThat(e.get("name").get("value").asText()).isEqualTo(NULL);
    }

    @Test
    void anEntityDeletionWithShowChangesGivesEveryAttributeWithItsPreviousValue() throws Exception {
        Entity before = bridge();
        ObjectNode e = notify(subscription("\"notificationTrigger\": [\"entityDeleted\"]", "\"showChanges\": true"), before, null);
        assertThat(e.get("deletedAt").asText()).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(e.get("name").get("previousValue").asText()).isEqualTo("Tower Bridge");
        assertThat(e.get("motto").get("languageMap")).isEqualTo(JSON.readTree("{\"@none\": \"" + NULL + "\"}"));
        assertThat(e.get("location").get("previousValue").get("type").asText()).isEqualTo("Point");
        // the attribute is deleted as a whole: one null, with the default instance's previous value
        assertThat(e.get("clearance").get("previousValue").asDouble()).isEqualTo(8.6);
    }

    @Test
    void theDatasetIdMemberSelectsTheNotifiedInstances() throws Exception {
        Entity before = bridge();
        Entity after = without(before, null, attrs -> attrs.put(NGSI + "clearance", List.of(
                attrs.get(NGSI + "clearance").get(0).withValue(JSON.getNodeFactory().numberNode(9.0)), attrs.get(NGSI + "clearance").get(1))));
        Subscription raisedOnly = subscription("\"datasetId\": [\"urn:ngsi-ld:Dataset:raised\"]", "");
        EntityChange c = new EntityChange(null, EntityChange.Operation.UPDATE, before.id(), before, after, DELETED);
        JsonNode e = JSON.readTree(new NotificationRenderer().render(raisedOnly,
                List.of(Notified.of(raisedOnly, c, Set.of())), CORE, DELETED).body()).get("data").get(0);
        assertThat(e.get("clearance")).isEqualTo(JSON.readTree(
                "{\"type\": \"Property\", \"value\": 42, \"datasetId\": \"urn:ngsi-ld:Dataset:raised\"}"));
        Subscription defaultOnly = subscription("\"datasetId\": [\"@none\"]", "");
        e = JSON.readTree(new NotificationRenderer().render(defaultOnly,
                List.of(Notified.of(defaultOnly, c, Set.of())), CORE, DELETED).body()).get("data").get(0);
        assertThat(e.get("clearance").get("value").asDouble()).isEqualTo(9.0);
    }

    @Test
    void jsonLdNotificationsCarryTheContextInEveryEntity() throws Exception {
        Entity e = bridge();
        Subscription s = SubscriptionParser.parse(JSON.readTree("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Bridge\"}],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\", \"accept\": \"application/ld+json\"}}}"),
                CORE, null, "urn:ngsi-ld:Subscription:ld", null, CREATED, CREATED, CREATED);
        NotificationRenderer.Rendered r = new NotificationRenderer().render(s, List.of(Notified.current(e, DELETED)), CORE, DELETED);
        JsonNode n = JSON.readTree(r.body());
        assertThat(r.contentType()).isEqualTo("application/ld+json");
        assertThat(r.headers()).doesNotContainKey("Link");
        assertThat(n.has("@context")).isTrue();
        assertThat(n.get("data").get(0).get("@context")).isEqualTo(CORE.contextValue());
    }
}
