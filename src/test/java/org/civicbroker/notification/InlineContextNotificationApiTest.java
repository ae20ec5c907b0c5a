package org.civicbroker.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions created with an inline {@code @context} (an object, or an array mixing an object and a
 * URL): their {@code application/json} notifications carry a Link header naming the implicitly created
 * context the broker serves (clause 5.13.1), and GETting that URL returns the context the subscription
 * was created with, so a receiver can expand the compacted terms.
 */
@QuarkusTest
class InlineContextNotificationApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile(
            "^<([^>]+)>;\\s*rel=\"http://www.w3.org/ns/json-ld#context\";\\s*type=\"application/ld\\+json\"$");

    @Test
    void jsonNotificationLinksTheImplicitContext() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Tram");
            String mixed = fixture("tram-context-mixed.json");
            String object = fixture("tram-context-object.json");
            for (String[] sub : List.of(new String[] {"/mixed", mixed}, new String[] {"/object", object})) {
                in(tenant).contentType(LD_JSON).body(fixture("inline-context-subscription.jsonld", "context", sub[1],
                        "id", id, "uri", r.url(sub[0]))).when().post(NotificationDeliveryApiTest.SUBS).then().statusCode(201);
            }
            in(tenant).contentType(LD_JSON).body(fixture("tram.jsonld", "id", id, "delay", "30"))
                    .when().post(ApiSupport.BASE).then().statusCode(201);

            String mixedUrl = linkedContext(r.await("/mixed", 1), MAPPER.readTree(mixed));
            String objectUrl = linkedContext(r.await("/object", 1), MAPPER.readTree(object));
            assertThat(mixedUrl).isNotEqualTo(objectUrl);
        }
    }

    /** Checks the notification and its Link header; returns the linked URL, whose document is the context. */
    private static String linkedContext(List<Receiver.Received> got, JsonNode context) throws Exception {
        assertThat(got).hasSize(1);
        JsonNode entity = got.get(0).body().get("data").get(0);
        assertThat(entity.get("type").asText()).as("compacted with the inline context").isEqualTo("Tram");
        assertThat(entity.get("delay").asInt()).isEqualTo(30);
        assertThat(got.get(0).header("Content-Type")).startsWith("application/json");
        String link = got.get(0).header("Link");
        assertThat(link).as("Link header").isNotNull();
        Matcher m = LINK.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        String url = m.group(1);
        // under the base the subscriber reached the broker at (RestAssured: localhost and the test port)
        assertThat(url).startsWith("http://localhost:" + RestAssured.port + "/ngsi-ld/v1/jsonldContexts/");
        JsonNode served = MAPPER.readTree(given().urlEncodingEnabled(false).accept("application/json")
                .when().get(url).then().statusCode(200).extract().asString());
        assertThat(served.get("@context")).isEqualTo(context);
        return url;
    }
}
