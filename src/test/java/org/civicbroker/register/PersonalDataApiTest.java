package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.register.RegisterSupport.as;
import static org.civicbroker.register.RegisterSupport.fixture;
import static org.civicbroker.register.RegisterSupport.newId;
import static org.civicbroker.register.RegisterSupport.newTenant;
import static org.civicbroker.register.RegisterSupport.putEntry;

import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attributes the register classifies personal (issue 17): {@code pseudonymise} stores the keyed hash
 * (in the current state and the history, never hashed twice), {@code keepOutOfHistory} stays in the
 * current state but never reaches the history.
 */
@QuarkusTest
class PersonalDataApiTest {

    private static final Pseudonymiser KEYED = new Pseudonymiser("test-pseudonym-key-not-a-secret");  // %test key
    private final String tenant = newTenant();
    private final String id = newId("DampMouldReading");

    @Test
    void pseudonymisedAndKeptOutOfHistory() throws InterruptedException {
        putEntry(tenant, "DampMouldReading", "damp-mould.json").then().statusCode(201);
        as(tenant).body(fixture("damp-entity.json", id)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        String address = KEYED.pseudonym(TextNode.valueOf("12 Example Road, London E8 1AA")).asText();
        assertThat(address).startsWith("hmac-sha256:").doesNotContain("Example");

        JsonPath e = entity();
        assertThat(e.getString("address.value")).isEqualTo(address);
        assertThat(e.getString("occupancy.value")).isEqualTo("occupied");

        // a write that leaves the attribute alone does not hash it again; a new value is hashed
        as(tenant).body("{\"relativeHumidity\": {\"type\": \"Property\", \"value\": 74}}")
                .patch("/ngsi-ld/v1/entities/" + id + "/attrs").then().statusCode(204);
        assertThat(entity().getString("address.value")).isEqualTo(address);
        as(tenant).body("{\"address\": {\"type\": \"Property\", \"value\": \"3 Other Street\"}}")
                .post("/ngsi-ld/v1/entities/" + id + "/attrs").then().statusCode(204);
        String other = KEYED.pseudonym(TextNode.valueOf("3 Other Street")).asText();
        assertThat(entity().getString("address.value")).isEqualTo(other);

        JsonPath history = awaitHistory(2);
        assertThat(history.getMap("")).doesNotContainKey("occupancy");
        assertThat(history.getList("address.value")).containsExactly(address, other);
        assertThat(history.getString("")).doesNotContain("Example Road").doesNotContain("occupied");
    }

    @Test
    void historyWrittenDirectlyIsHandledTheSameWay() {
        putEntry(tenant, "DampMouldReading", "damp-mould.json").then().statusCode(201);
        as(tenant).body(fixture("damp-entity.json", id)).post("/ngsi-ld/v1/temporal/entities").then().statusCode(201);
        JsonPath h = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(h.getMap("")).doesNotContainKey("occupancy");
        String address = KEYED.pseudonym(TextNode.valueOf("12 Example Road, London E8 1AA")).asText();
        assertThat(h.getString("address.value[0]") != null ? h.getList("address.value") : List.of(h.getString("address.value")))
                .containsExactly(address);
    }

    /**
     * Personal data also sits in Relationships (a person), JsonProperties, LanguageProperties, lists and
     * vocabularies: each is hashed in a form its type still allows, the same way in the current state, in
     * a rewrite (never hashed twice) and in the history; a GeoProperty cannot hold a hash and is refused.
     */
    @Test
    void everyAttributeTypeIsPseudonymisedInAFormItsTypeAllows() throws Exception {
        String visit = newId("HomeVisit");
        putEntry(tenant, "HomeVisit", "home-visit.json").then().statusCode(201);
        as(tenant).body(fixture("home-visit-entity.json", visit)).post("/ngsi-ld/v1/entities").then().statusCode(201);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String jane = KEYED.pseudonym(TextNode.valueOf("urn:ngsi-ld:Person:jane-doe")).asText();
        String john = KEYED.pseudonym(TextNode.valueOf("urn:ngsi-ld:Person:john-doe")).asText();

        String body = as(tenant).get("/ngsi-ld/v1/entities/" + visit).then().statusCode(200).extract().asString();
        JsonPath e = new JsonPath(body);
        assertThat(e.getString("visitedResident.type")).isEqualTo("Relationship");
        assertThat(e.getString("visitedResident.object")).isEqualTo(jane);
        assertThat(e.getString("visitedResident.objectType")).isEqualTo("Person");
        assertThat(e.getString("household.type")).isEqualTo("JsonProperty");
        assertThat(e.getString("household.json")).isEqualTo(KEYED.pseudonym(mapper.readTree("{\"adults\":2,\"children\":3}")).asText());
        assertThat(e.getString("notes.type")).isEqualTo("LanguageProperty");
        assertThat(e.getMap("notes.languageMap")).containsOnlyKeys("en", "cy");
        assertThat(e.getString("notes.languageMap.en")).isEqualTo(KEYED.pseudonym(TextNode.valueOf("Mould behind the wardrobe of Ms Doe")).asText());
        assertThat(e.getString("contacts.type")).isEqualTo("ListRelationship");
        assertThat(e.getString("contacts.objectList")).contains(jane, john);
        assertThat(e.getString("phoneNumbers.type")).isEqualTo("ListProperty");
        assertThat(e.getList("phoneNumbers.valueList", String.class)).containsExactly(
                KEYED.pseudonym(TextNode.valueOf("+44 20 7946 0000")).asText(), KEYED.pseudonym(TextNode.valueOf("+44 20 7946 0001")).asText());
        assertThat(e.getString("tenure.type")).isEqualTo("VocabProperty");
        assertThat(e.getString("tenure.vocab")).startsWith("hmac-sha256:");
        assertThat(e.getDouble("mouldArea.value")).isEqualTo(1.5);
        assertThat(body).doesNotContain("jane-doe", "john-doe", "Ms Doe", "cwpwrdd", "7946", "adults", "SecureTenancy");

        // a rewrite of another attribute leaves the pseudonyms as they are
        as(tenant).body("{\"mouldArea\": {\"type\": \"Property\", \"value\": 2.0}}")
                .patch("/ngsi-ld/v1/entities/" + visit + "/attrs").then().statusCode(204);
        JsonPath again = as(tenant).get("/ngsi-ld/v1/entities/" + visit).then().statusCode(200).extract().jsonPath();
        for (String path : List.of("visitedResident.object", "household.json", "notes.languageMap.en", "contacts.objectList",
                "phoneNumbers.valueList", "tenure.vocab")) {
            assertThat(again.getString(path)).as(path).isEqualTo(e.getString(path));
        }

        // the history holds the pseudonyms only
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        String history = "";
        while (Instant.now().isBefore(end) && !history.contains(jane)) {
            var r = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + visit);
            history = r.statusCode() == 200 ? r.asString() : "";
            Thread.sleep(50);
        }
        assertThat(history).contains(jane).doesNotContain("jane-doe", "Ms Doe", "7946", "adults", "SecureTenancy");

        // a geometry cannot hold a hash: the write is refused and changes nothing
        as(tenant).body("{\"homeLocation\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [-0.06, 51.54]}}}")
                .post("/ngsi-ld/v1/entities/" + visit + "/attrs").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("homeLocation"));
        assertThat(as(tenant).get("/ngsi-ld/v1/entities/" + visit).then().statusCode(200).extract().asString())
                .doesNotContain("homeLocation");
    }

    private JsonPath entity() {
        return as(tenant).get("/ngsi-ld/v1/entities/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits (at most 60 s: the recorder runs after the write is acknowledged) for n humidity instances. */
    private JsonPath awaitHistory(int humidity) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        JsonPath last = null;
        while (Instant.now().isBefore(end)) {
            var r = as(tenant).get("/ngsi-ld/v1/temporal/entities/" + id);
            if (r.statusCode() == 200) {
                last = r.jsonPath();
                List<Object> l = last.getList("relativeHumidity");
                if (l != null && l.size() >= humidity && last.getList("address") != null && last.getList("address").size() >= 2) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history not recorded: " + (last == null ? "none" : last.prettify()));
    }
}
