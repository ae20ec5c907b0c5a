package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Context source registrations (clauses 5.9, 5.10), registration subscriptions (5.11) and distributed
 * operations (4.3.6) against an in-test context source ({@link FakeContextSource}).
 */
@QuarkusTest
class FederationApiTest {

    static final String CSR = "/ngsi-ld/v1/csourceRegistrations";
    static final String ENTITIES = "/ngsi-ld/v1/entities";
    static final String ALIAS = "civic-broker";

    static String fixture(String name, String... keyValues) {
        try (InputStream in = FederationApiTest.class.getResourceAsStream("/fixtures/federation/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < keyValues.length; i += 2) {
                text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static String registration(String mode, String operations, String endpoint) {
        return fixture("registration.json", "id", "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(), "mode", mode,
                "operations", operations, "endpoint", endpoint, "alias", "source-" + UUID.randomUUID());
    }

    static String airQuality(String id, String attr, String value) {
        return fixture("air-quality.json", "id", id, "attr", attr, "value", value);
    }

    static void register(String tenant, String body) {
        in(tenant).contentType(JSON).body(body).when().post(CSR).then().statusCode(201).header("Location", containsString(CSR + "/"));
    }

    @Test
    void registrationLifecycle() {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        String body = fixture("registration.json", "id", id, "mode", "inclusive", "operations", "[\"retrieveOps\"]",
                "endpoint", "http://127.0.0.1:9/camden", "alias", "camden");
        register(tenant, body);
        in(tenant).accept(JSON).when().get(CSR + "/" + enc(id)).then().statusCode(200)
                .body("id", equalTo(id)).body("type", equalTo("ContextSourceRegistration"))
                .body("information[0].entities[0].type", equalTo("AirQualityObserved"))
                .body("mode", equalTo("inclusive")).body("endpoint", equalTo("http://127.0.0.1:9/camden"));
        // clause 5.10.2: matching by entity type; a query needs a type or attrs (clause 5.12)
        in(tenant).accept(JSON).when().get(CSR + "?type=AirQualityObserved").then().statusCode(200).body("id", hasSize(1));
        in(tenant).accept(JSON).when().get(CSR + "?type=WaterQualityObserved").then().statusCode(200).body("id", hasSize(0));
        problem(in(tenant).accept(JSON).when().get(CSR).then(), 400, "BadRequestData");
        // clause 5.9.2.4: the same id again is AlreadyExists
        problem(in(tenant).contentType(JSON).body(body).when().post(CSR).then(), 409, "AlreadyExists");
        // clause 5.9.3: a fragment replaces members
        in(tenant).contentType(JSON).body("{\"endpoint\": \"http://127.0.0.1:9/hackney\"}").when().patch(CSR + "/" + enc(id))
                .then().statusCode(204);
        in(tenant).accept(JSON).when().get(CSR + "/" + enc(id)).then().body("endpoint", equalTo("http://127.0.0.1:9/hackney"));
        in(tenant).when().delete(CSR + "/" + enc(id)).then().statusCode(204);
        problem(in(tenant).accept(JSON).when().get(CSR + "/" + enc(id)).then(), 404, "ResourceNotFound");
    }

    @Test
    void invalidRegistrationsAreRefusedAndNothingIsStored() {
        String tenant = newTenant();
        problem(in(tenant).contentType(JSON).body(fixture("registration-no-endpoint.json")).when().post(CSR).then(), 400, "BadRequestData");
        problem(in(tenant).contentType(JSON).body(registration("sometimes", "[\"retrieveOps\"]", "http://127.0.0.1:9/x"))
                .when().post(CSR).then(), 400, "BadRequestData");
        // clause 5.9.2.4: an auxiliary registration serves consumption operations only
        problem(in(tenant).contentType(JSON).body(registration("auxiliary", "[\"createEntity\"]", "http://127.0.0.1:9/x"))
                .when().post(CSR).then(), 400, "BadRequestData");
        problem(in(tenant).contentType(JSON).body(registration("inclusive", "[\"noSuchOperation\"]", "http://127.0.0.1:9/x"))
                .when().post(CSR).then(), 400, "BadRequestData");
        // nothing was stored: not even the tenant came into being
        problem(in(tenant).accept(JSON).when().get(CSR + "?type=AirQualityObserved").then(), 404, "NonexistentTenant");
    }

    @Test
    void exclusiveRegistrationsConflictWithEachOtherAndWithLocalData() {
        String tenant = newTenant();
        String entity = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        register(tenant, fixture("registration-exclusive.json", "id", "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(),
                "entity", entity));
        // clause 5.9.2.4: a second exclusive registration of the same entity and attribute is a Conflict
        problem(in(tenant).contentType(JSON).body(fixture("registration-exclusive.json", "id",
                "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(), "entity", entity)).when().post(CSR).then(), 409, "Conflict");
        // ... and so is one for an entity this broker holds with that attribute
        String held = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(held, "no2", "21")).when().post(ENTITIES + "?local=true").then().statusCode(201);
        problem(in(tenant).contentType(JSON).body(fixture("registration-exclusive.json", "id",
                "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(), "entity", held)).when().post(CSR).then(), 409, "Conflict");
    }

    @Test
    void anExclusiveRegistrationConflictsWithLocalDataOnlyThroughTheAttributesItDefines() {
        String tenant = newTenant();
        // clause 5.9.2.4: Conflict when the held entity "contains any of the Attributes defined in the registration"
        String other = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(other, "pm10", "12")).when().post(ENTITIES + "?local=true").then().statusCode(201);
        register(tenant, fixture("registration-exclusive.json", "id", "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(),
                "entity", other));
        // a registration that defines no Attributes names none the held entity could contain
        String whole = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(whole, "no2", "21")).when().post(ENTITIES + "?local=true").then().statusCode(201);
        register(tenant, fixture("registration-exclusive-whole.json", "id", "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(),
                "entity", whole));
        // it still overlaps another proxied registration of the same entity (clause 4.3.6.3)
        problem(in(tenant).contentType(JSON).body(fixture("registration-exclusive.json", "id",
                "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID(), "entity", whole)).when().post(CSR).then(), 409, "Conflict");
    }

    @Test
    void aQueryMergesLocalAndSourceEntitiesAndLocalTrueStaysHere() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource camden = new FakeContextSource()) {
            camden.reply("GET", "/camden/ngsi-ld/v1/entities?type=AirQualityObserved", 200, "[" + airQuality(there, "no2", "41") + "]");
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", camden.url() + "/camden/"));
            in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved").then().statusCode(200)
                    .body("id", containsInAnyOrder(here, there));
            FakeContextSource.Request asked = camden.received().get(0);
            // clause 4.3.6.4 / 6.3.18: the forwarded request names this broker in Via
            assertThat(asked.header("Via")).isEqualTo("1.1 " + ALIAS);
            in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved&local=true").then().statusCode(200)
                    .body("id", hasSize(1));
            assertThat(camden.received()).hasSize(1);
            // the registration's status members count the distributed operation
            in(tenant).accept(JSON).when().get(CSR + "?type=AirQualityObserved").then().body("[0].status", equalTo("ok"))
                    .body("[0].timesSent", equalTo(1));
        }
    }

    @Test
    void aFailingSourceGivesThePartialAnswerWithAWarning() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        String endpoint;
        try (FakeContextSource stopped = new FakeContextSource()) {
            endpoint = stopped.url();
        }
        register(tenant, registration("inclusive", "[\"retrieveOps\"]", endpoint));
        in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved").then().statusCode(200)
                .body("id", equalTo(List.of(here)))
                .header(org.civicbroker.query.QueryEndpoint.WARNING_HEADER, containsString(endpoint));
        in(tenant).accept(JSON).when().get(CSR + "?type=AirQualityObserved").then().body("[0].status", equalTo("failed"))
                .body("[0].lastFailure", notNullValue());
    }

    @Test
    void aRetrieveMergesTheAttributesOfAllHolders() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(id, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("GET", ENTITIES + "/" + id, 200, airQuality(id, "pm10", "12"));
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", source.url()));
            in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id)).then().statusCode(200)
                    .body("no2.value", equalTo(30)).body("pm10.value", equalTo(12));
        }
    }

    @Test
    void aRedirectRegistrationTakesTheCreateInsteadOfThisBroker() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("POST", ENTITIES, 201, null);
            register(tenant, registration("redirect", "[\"redirectionOps\"]", source.url()));
            in(tenant).contentType(JSON).body(airQuality(id, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
            assertThat(source.received()).extracting(FakeContextSource.Request::method).containsExactly("POST");
            assertThat(source.received().get(0).body()).contains(id);
            problem(in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id) + "?local=true").then(), 404, "ResourceNotFound");
        }
    }

    @Test
    void anExclusiveRegistrationTakesItsAttributesAndTheRestIsWrittenHere() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("POST", ENTITIES, 201, null);
            register(tenant, fixture("registration-exclusive-source.json", "entity", id, "endpoint", source.url()));
            in(tenant).contentType(JSON).body(fixture("air-quality-two.json", "id", id)).when().post(ENTITIES).then().statusCode(201);
            String forwarded = source.received().get(0).body();
            // clause 4.3.6.3: the registered attribute goes to the source only, the others stay here
            assertThat(forwarded).contains("no2").doesNotContain("pm10");
            in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id) + "?local=true").then().statusCode(200)
                    .body("pm10.value", equalTo(9)).body("no2", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void anInclusiveWriteFailingAtTheSourceIsAPartialSuccess() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("POST", ENTITIES, 409, "{\"type\": \"https://uri.etsi.org/ngsi-ld/errors/AlreadyExists\", \"title\": \"exists\", \"status\": 409}");
            register(tenant, registration("inclusive", "[\"redirectionOps\"]", source.url()));
            in(tenant).contentType(JSON).body(airQuality(id, "no2", "30")).when().post(ENTITIES).then().statusCode(207)
                    .body("errors[0].error.status", equalTo(409)).body("errors[0].registrationId", notNullValue());
            // written here all the same
            in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id) + "?local=true").then().statusCode(200);
            // a request this broker refuses never reaches the source
            in(tenant).contentType(JSON).body(airQuality("not a uri", "no2", "30")).when().post(ENTITIES).then().statusCode(400);
            assertThat(source.received()).hasSize(1);
        }
    }

    @Test
    void aRequestThatAlreadyPassedThisBrokerIsALoop() throws IOException {
        String tenant = newTenant();
        try (FakeContextSource source = new FakeContextSource()) {
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", source.url()));
            problem(in(tenant).accept(JSON).header("Via", "1.1 other, 1.1 " + ALIAS).when()
                    .get(ENTITIES + "?type=AirQualityObserved").then(), 508, "LoopDetected");
            assertThat(source.received()).isEmpty();
        }
    }

    @Test
    void aRegistrationSubscriptionIsNotifiedOfMatchingRegistrations() throws Exception {
        String tenant = newTenant();
        try (FakeContextSource receiver = new FakeContextSource()) {
            receiver.reply("POST", "/notify", 204, null);
            in(tenant).contentType(JSON).body(fixture("csource-subscription.json", "uri", receiver.url() + "/notify"))
                    .when().post("/ngsi-ld/v1/csourceSubscriptions").then().statusCode(201);
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", "http://127.0.0.1:9/camden"));
            List<FakeContextSource.Request> got = receiver.await(1);
            assertThat(got).isNotEmpty();
            String n = got.get(0).body();
            assertThat(n).contains("\"type\":\"ContextSourceNotification\"").contains("\"triggerReason\":\"newlyMatching\"")
                    .contains("http://127.0.0.1:9/camden");
        }
    }

    @Test
    void aPeriodicRegistrationSubscriptionIsNotifiedAlsoWhenNothingMatches() throws Exception {
        String tenant = newTenant();
        try (FakeContextSource receiver = new FakeContextSource()) {
            receiver.reply("POST", "/notify", 204, null);
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", "http://127.0.0.1:9/camden"));
            // clause 5.11.7: with timeInterval, sent on subscription and periodically, regardless of changes
            in(tenant).contentType(JSON).body(fixture("csource-subscription-periodic.json", "uri", receiver.url() + "/notify"))
                    .when().post("/ngsi-ld/v1/csourceSubscriptions").then().statusCode(201);
            List<FakeContextSource.Request> got = receiver.await(2);
            assertThat(got).hasSizeGreaterThanOrEqualTo(2);
            assertThat(got.get(0).body()).contains("\"type\":\"ContextSourceNotification\"").contains("\"data\":[]")
                    .doesNotContain("camden");
        }
    }

    @Test
    void aBatchDeleteOfAnEntityWithAnExclusivelyRegisteredAttributeRunsHereAndAtTheSource() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(id, "pm10", "12")).when().post(ENTITIES + "?local=true").then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("POST", "/ngsi-ld/v1/entityOperations/delete", 204, null);
            register(tenant, fixture("registration-exclusive-batch.json", "entity", id, "endpoint", source.url()));
            in(tenant).contentType(JSON).body("[\"" + id + "\"]").when().post("/ngsi-ld/v1/entityOperations/delete")
                    .then().statusCode(204);
            // clause 4.3.6.3: the source holds no2 of the entity, this broker the rest: both delete it
            assertThat(source.received()).extracting(FakeContextSource.Request::pathAndQuery)
                    .containsExactly("/ngsi-ld/v1/entityOperations/delete");
            problem(in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id) + "?local=true").then(), 404, "ResourceNotFound");
        }
    }

    @Test
    void aRegistrationNotificationCarriesOnlyTheMatchingRegistrationInfo() throws Exception {
        String tenant = newTenant();
        try (FakeContextSource receiver = new FakeContextSource()) {
            receiver.reply("POST", "/notify", 204, null);
            in(tenant).contentType(JSON).body(fixture("csource-subscription.json", "uri", receiver.url() + "/notify"))
                    .when().post("/ngsi-ld/v1/csourceSubscriptions").then().statusCode(201);
            register(tenant, fixture("registration-two-infos.json", "endpoint", "http://127.0.0.1:9/camden"));
            List<FakeContextSource.Request> got = receiver.await(1);
            assertThat(got).isNotEmpty();
            // clause 5.11.7: only the RegistrationInfo elements that match the subscription
            assertThat(got.get(0).body()).contains("AirQualityObserved").doesNotContain("WaterQualityObserved");
        }
    }

    @Test
    void aQueryViaPostIsForwardedAsABatchQueryOrAsTheEquivalentGet() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String camdenId = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        String islingtonId = "urn:ngsi-ld:AirQualityObserved:islington-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        String query = "{\"type\": \"Query\", \"entities\": [{\"type\": \"AirQualityObserved\"}]}";
        try (FakeContextSource camden = new FakeContextSource(); FakeContextSource islington = new FakeContextSource()) {
            // clause 4.20: queryEntity only, so the equivalent GET query
            camden.reply("GET", ENTITIES + "?type=AirQualityObserved", 200, "[" + airQuality(camdenId, "no2", "41") + "]");
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", camden.url()));
            // queryBatch: the body as the client sent it
            islington.reply("POST", "/ngsi-ld/v1/entityOperations/query", 200, "[" + airQuality(islingtonId, "no2", "17") + "]");
            register(tenant, registration("inclusive", "[\"queryBatch\"]", islington.url()));
            in(tenant).contentType(JSON).accept(JSON).body(query).when().post("/ngsi-ld/v1/entityOperations/query").then()
                    .statusCode(200).body("id", containsInAnyOrder(here, camdenId, islingtonId));
            assertThat(islington.received()).hasSize(1);
            assertThat(islington.received().get(0).body()).contains("AirQualityObserved");
            // local=true stays here (clause 5.5.13)
            in(tenant).contentType(JSON).accept(JSON).body(query).when().post("/ngsi-ld/v1/entityOperations/query?local=true")
                    .then().statusCode(200).body("id", equalTo(List.of(here)));
            assertThat(camden.received()).hasSize(1);
        }
    }

    @Test
    void availableTypesAndAttributesIncludeTheSourcesLists() throws IOException {
        String tenant = newTenant();
        in(tenant).contentType(JSON).body(airQuality("urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID(), "no2", "30"))
                .when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("GET", "/ngsi-ld/v1/types", 200,
                    "{\"id\": \"urn:ngsi-ld:EntityTypeList:1\", \"type\": \"EntityTypeList\", \"typeList\": [\"WaterQualityObserved\"]}");
            source.reply("GET", "/ngsi-ld/v1/attributes", 200,
                    "{\"id\": \"urn:ngsi-ld:AttributeList:1\", \"type\": \"AttributeList\", \"attributeList\": [\"ph\", \"no2\"]}");
            register(tenant, registration("inclusive", "[\"federationOps\"]", source.url()));
            // clause 5.7.11: forwarded to the sources that take retrieveEntityTypes / retrieveAttrTypes, lists merged
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types").then().statusCode(200)
                    .body("typeList", containsInAnyOrder("AirQualityObserved", "WaterQualityObserved"));
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/attributes").then().statusCode(200)
                    .body("attributeList", containsInAnyOrder("no2", "ph"));
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types?local=true").then().statusCode(200)
                    .body("typeList", equalTo(List.of("AirQualityObserved")));
        }
    }

    @Test
    void discoveryDetailsAndInformationMergeTheSourcesAnswers() throws IOException {
        String tenant = newTenant();
        String vocab = "https://uri.etsi.org/ngsi-ld/default-context/";
        in(tenant).contentType(JSON).body(airQuality("urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID(), "no2", "30"))
                .when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("GET", "/ngsi-ld/v1/types?details=true", 200, "[{\"id\": \"" + vocab + "AirQualityObserved\", \"type\": \"EntityType\","
                    + " \"typeName\": \"AirQualityObserved\", \"attributeNames\": [\"pm10\"]}, {\"id\": \"" + vocab
                    + "WaterQualityObserved\", \"type\": \"EntityType\", \"typeName\": \"WaterQualityObserved\", \"attributeNames\": [\"ph\"]}]");
            source.reply("GET", "/ngsi-ld/v1/types/AirQualityObserved", 200, "{\"id\": \"" + vocab + "AirQualityObserved\","
                    + " \"type\": \"EntityTypeInfo\", \"typeName\": \"AirQualityObserved\", \"entityCount\": 2, \"attributeDetails\":"
                    + " [{\"id\": \"" + vocab + "pm10\", \"type\": \"Attribute\", \"attributeName\": \"pm10\", \"attributeTypes\": [\"Property\"]}]}");
            source.reply("GET", "/ngsi-ld/v1/attributes?details=true", 200, "[{\"id\": \"" + vocab + "no2\", \"type\": \"Attribute\","
                    + " \"attributeName\": \"no2\", \"typeNames\": [\"TrafficFlowObserved\"]}]");
            source.reply("GET", "/ngsi-ld/v1/attributes/no2", 200, "{\"id\": \"" + vocab + "no2\", \"type\": \"Attribute\","
                    + " \"attributeName\": \"no2\", \"attributeCount\": 4, \"attributeTypes\": [\"Property\"],"
                    + " \"typeNames\": [\"AirQualityObserved\"]}");
            register(tenant, registration("inclusive", "[\"federationOps\"]", source.url()));
            // clauses 5.7.6, 5.7.11: the details of every type, the attributes of a type held in both places united
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types?details=true").then().statusCode(200)
                    .body("typeName", containsInAnyOrder("AirQualityObserved", "WaterQualityObserved"))
                    .body("find { it.typeName == 'AirQualityObserved' }.attributeNames", containsInAnyOrder("no2", "pm10"));
            // clause 5.7.7: counts added, attribute details united
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types/AirQualityObserved").then().statusCode(200)
                    .body("entityCount", equalTo(3)).body("attributeDetails.attributeName", containsInAnyOrder("no2", "pm10"));
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types/AirQualityObserved?local=true").then().statusCode(200)
                    .body("entityCount", equalTo(1));
            // clauses 5.7.9, 5.7.10
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/attributes?details=true").then().statusCode(200)
                    .body("find { it.attributeName == 'no2' }.typeNames", containsInAnyOrder("AirQualityObserved", "TrafficFlowObserved"));
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/attributes/no2").then().statusCode(200)
                    .body("attributeCount", equalTo(5)).body("attributeTypes", equalTo(List.of("Property")));
            // a type the registration cannot hold is not asked of the source (clause 5.12): 404 from here
            int asked = source.received().size();
            problem(in(tenant).accept(JSON).when().get("/ngsi-ld/v1/types/WaterQualityObserved").then(), 404, "ResourceNotFound");
            assertThat(source.received()).hasSize(asked);
        }
    }

    @Test
    void entityReadsNameFailingSourcesWithTheWarnCodesOfClause6317() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        String stopped;
        try (FakeContextSource gone = new FakeContextSource()) {
            stopped = gone.url();
        }
        try (FakeContextSource broken = new FakeContextSource(); FakeContextSource garbled = new FakeContextSource()) {
            broken.reply("GET", ENTITIES + "?type=AirQualityObserved", 503, "{\"type\": \"InternalError\"}");
            garbled.reply("GET", ENTITIES + "?type=AirQualityObserved", 200, "[\"not an entity\"]");
            broken.reply("GET", ENTITIES + "/" + here, 500, "{\"type\": \"InternalError\"}");
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", broken.url()));
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", garbled.url()));
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", stopped));
            // 299: an error answer, 111: not NGSI-LD, 199: no answer (clause 6.3.17); the answer holds what was read
            List<String> warnings = in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved").then().statusCode(200)
                    .body("id", equalTo(List.of(here))).extract().headers().getValues(org.civicbroker.query.QueryEndpoint.WARNING_HEADER);
            assertThat(warnings).hasSize(3).anySatisfy(w -> assertThat(w).startsWith("299 ").contains(broken.url()))
                    .anySatisfy(w -> assertThat(w).startsWith("111 ").contains(garbled.url()))
                    .anySatisfy(w -> assertThat(w).startsWith("199 ").contains(stopped));
            // Retrieve Entity: the local entity, the failing sources named (garbled answers 404: not a failure)
            List<String> onRetrieve = in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(here)).then().statusCode(200)
                    .body("no2.value", equalTo(30)).extract().headers().getValues(org.civicbroker.query.QueryEndpoint.WARNING_HEADER);
            assertThat(onRetrieve).hasSize(2).anySatisfy(w -> assertThat(w).startsWith("299 ").contains(broken.url()))
                    .anySatisfy(w -> assertThat(w).startsWith("199 ").contains(stopped));
        }
    }

    @Test
    void orderByOrdersTheMergedAnswer() throws IOException {
        String tenant = newTenant();
        String a = "urn:ngsi-ld:AirQualityObserved:a-" + UUID.randomUUID();
        String b = "urn:ngsi-ld:AirQualityObserved:b-" + UUID.randomUUID();
        String c = "urn:ngsi-ld:AirQualityObserved:c-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(a, "no2", "20")).when().post(ENTITIES).then().statusCode(201);
        in(tenant).contentType(JSON).body(airQuality(c, "no2", "10")).when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("GET", ENTITIES + "?type=AirQualityObserved&orderBy=no2", 200, "[" + airQuality(b, "no2", "15") + "]");
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", source.url()));
            in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved&orderBy=no2").then().statusCode(200)
                    .body("id", equalTo(List.of(c, b, a)));
        }
    }

    @Test
    void aPurgeRunsHereAndAtASourceThatRegistersSomeAttributes() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(id, "pm10", "12")).when().post(ENTITIES + "?local=true").then().statusCode(201);
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("DELETE", ENTITIES + "?type=AirQualityObserved", 204, null);
            register(tenant, fixture("registration-exclusive-source.json", "entity", id, "endpoint", source.url()));
            // clause 5.6.21: purged here and forwarded; the path is the resource's, without the client's trailing slash
            in(tenant).when().delete(ENTITIES + "/?type=AirQualityObserved").then().statusCode(204);
            assertThat(source.received()).extracting(FakeContextSource.Request::pathAndQuery)
                    .containsExactly(ENTITIES + "?type=AirQualityObserved");
            problem(in(tenant).accept(JSON).when().get(ENTITIES + "/" + enc(id) + "?local=true").then(), 404, "ResourceNotFound");
        }
    }

    @Test
    void aBatchThatFailsAtASourceAnswersABatchOperationResultPerEntity() throws IOException {
        String tenant = newTenant();
        String air = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        String water = "urn:ngsi-ld:WaterQualityObserved:" + UUID.randomUUID();
        String waterEntity = "{\"id\": \"" + water + "\", \"type\": \"WaterQualityObserved\", \"ph\": {\"type\": \"Property\", \"value\": 7}}";
        try (FakeContextSource source = new FakeContextSource()) {
            source.reply("POST", "/ngsi-ld/v1/entityOperations/create", 500,
                    "{\"type\": \"https://uri.etsi.org/ngsi-ld/errors/InternalError\", \"title\": \"down\", \"status\": 500}");
            register(tenant, registration("inclusive", "[\"createBatch\"]", source.url()));
            // clause 5.2.16: success holds the ids done everywhere they were sent, errors one BatchEntityError each
            in(tenant).contentType(JSON).body("[" + airQuality(air, "no2", "30") + ", " + waterEntity + "]")
                    .when().post("/ngsi-ld/v1/entityOperations/create").then().statusCode(207)
                    .body("success", equalTo(List.of(water)))
                    .body("errors[0].entityId", equalTo(air)).body("errors[0].error.status", equalTo(500));
            assertThat(source.received()).hasSize(1);
            assertThat(source.received().get(0).body()).contains(air).doesNotContain(water);
        }
    }

    @Test
    void anEntityMapFixesTheEntitiesLaterPagesConsider() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        String registrationId = "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        try (FakeContextSource camden = new FakeContextSource()) {
            // the map asks each source for all its candidates, a page over the map asks for the map's ids
            camden.reply("GET", "/camden" + ENTITIES + "?type=AirQualityObserved&limit=1000", 200, "[" + airQuality(there, "no2", "41") + "]");
            camden.reply("GET", "/camden" + ENTITIES + "?type=AirQualityObserved&id=" + there, 200, "[" + airQuality(there, "no2", "41") + "]");
            register(tenant, fixture("registration.json", "id", registrationId, "mode", "inclusive", "operations", "[\"retrieveOps\"]",
                    "endpoint", camden.url() + "/camden", "alias", "camden-" + UUID.randomUUID()));
            // clause 6.4.3.2: entityMap=true makes the map (201) and names it in NGSILD-EntityMap
            String location = in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved&entityMap=true").then()
                    .statusCode(201).body("id", containsInAnyOrder(here, there))
                    .header("NGSILD-EntityMap", containsString("/ngsi-ld/v1/entityMaps/urn:ngsi-ld:EntityMap:"))
                    .extract().header("NGSILD-EntityMap");
            // clause 5.2.39: "@none" for the entities held here, the registration for the others
            in(tenant).accept(JSON).when().get(location).then().statusCode(200).body("type", equalTo("EntityMap"))
                    .body("entityMap.'" + here + "'", equalTo(List.of("@none")))
                    .body("entityMap.'" + there + "'", equalTo(List.of(registrationId)))
                    .body("expiresAt", notNullValue());
            // a later page considers the map's entities only (clause 5.5.9.3): a new match is not among them
            in(tenant).contentType(JSON).body(airQuality("urn:ngsi-ld:AirQualityObserved:new-" + UUID.randomUUID(), "no2", "50"))
                    .when().post(ENTITIES).then().statusCode(201);
            in(tenant).accept(JSON).header("NGSILD-EntityMap", location).when().get(ENTITIES + "?type=AirQualityObserved").then()
                    .statusCode(200).body("id", containsInAnyOrder(here, there)).header("NGSILD-EntityMap", equalTo(location));
            // clause 5.14.2 / 5.14.3
            in(tenant).contentType(JSON).body("{\"expiresAt\": \"2099-01-01T00:00:00Z\"}").when().patch(location).then().statusCode(204);
            in(tenant).accept(JSON).when().get(location).then().body("expiresAt", containsString("2099-01-01"));
            in(tenant).when().delete(location).then().statusCode(204);
            problem(in(tenant).accept(JSON).when().get(location).then(), 404, "ResourceNotFound");
            // GET /entityMaps makes a map without answering entities (clause 6.34.3.1): all three now
            in(tenant).accept(JSON).when().get("/ngsi-ld/v1/entityMaps?type=AirQualityObserved").then().statusCode(201)
                    .header("NGSILD-EntityMap", notNullValue()).body("entityMap.size()", equalTo(3));
        }
    }

    @Test
    void aQueryViaPostPagesOverAnEntityMapToo() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(airQuality(here, "no2", "30")).when().post(ENTITIES).then().statusCode(201);
        String query = "{\"type\": \"Query\", \"entities\": [{\"type\": \"AirQualityObserved\"}], \"q\": \"no2>20\"}";
        try (FakeContextSource camden = new FakeContextSource()) {
            // queryEntity only: the candidates by the equivalent GET, a page by the map's ids with the Query's filters
            camden.reply("GET", ENTITIES + "?type=AirQualityObserved&q=no2%3E20&limit=1000", 200, "[" + airQuality(there, "no2", "41") + "]");
            for (String page : List.of("limit=1&count=true", "limit=1", "limit=2")) {
                camden.reply("GET", ENTITIES + "?type=AirQualityObserved&q=no2%3E20&" + page + "&id=" + there, 200,
                        "[" + airQuality(there, "no2", "41") + "]");
            }
            register(tenant, registration("inclusive", "[\"retrieveOps\"]", camden.url()));
            // clause 6.23.3.1: 201 when the map is made, its location in NGSILD-EntityMap
            String location = in(tenant).contentType(JSON).accept(JSON).body(query).when()
                    .post("/ngsi-ld/v1/entityOperations/query?entityMap=true&limit=1&count=true").then().statusCode(201)
                    .header("NGSILD-Results-Count", equalTo("2")).body("id", hasSize(1))
                    .header("NGSILD-EntityMap", containsString("/ngsi-ld/v1/entityMaps/urn:ngsi-ld:EntityMap:"))
                    .extract().header("NGSILD-EntityMap");
            // an entity that starts to match later is not among the map's (clause 5.5.9.3)
            in(tenant).contentType(JSON).body(airQuality("urn:ngsi-ld:AirQualityObserved:new-" + UUID.randomUUID(), "no2", "50"))
                    .when().post(ENTITIES).then().statusCode(201);
            List<String> first = in(tenant).contentType(JSON).accept(JSON).header("NGSILD-EntityMap", location).body(query).when()
                    .post("/ngsi-ld/v1/entityOperations/query?limit=1").then().statusCode(200)
                    .header("NGSILD-EntityMap", equalTo(location)).extract().path("id");
            List<String> second = in(tenant).contentType(JSON).accept(JSON).header("NGSILD-EntityMap", location).body(query).when()
                    .post("/ngsi-ld/v1/entityOperations/query?limit=1&offset=1").then().statusCode(200).extract().path("id");
            assertThat(first).hasSize(1);
            assertThat(second).hasSize(1);
            assertThat(List.of(first.get(0), second.get(0))).containsExactlyInAnyOrder(here, there);
        }
    }

    @Test
    void aSourceThatMakesEntityMapsIsRecordedInLinkedMapsAndPagesOverItsOwnMap() throws IOException {
        String tenant = newTenant();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        String registrationId = "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        String remoteMap = "urn:ngsi-ld:EntityMap:camden-" + UUID.randomUUID();
        try (FakeContextSource camden = new FakeContextSource()) {
            // clause 5.14.4: a registration with createEntityMapQueryEntity is asked for an EntityMap of its own
            camden.reply("GET", "/ngsi-ld/v1/entityMaps?type=AirQualityObserved&limit=1000", 201, "{\"id\": \"" + remoteMap
                    + "\", \"type\": \"EntityMap\", \"entityMap\": {\"" + there + "\": [\"@none\"]}, \"linkedMaps\": {}}");
            camden.reply("GET", ENTITIES + "?type=AirQualityObserved&id=" + there, 200, "[" + airQuality(there, "no2", "41") + "]");
            register(tenant, fixture("registration.json", "id", registrationId, "mode", "inclusive",
                    "operations", "[\"retrieveOps\", \"createEntityMapQueryEntity\"]", "endpoint", camden.url(),
                    "alias", "camden-" + UUID.randomUUID()));
            String location = in(tenant).accept(JSON).when().get(ENTITIES + "?type=AirQualityObserved&entityMap=true").then()
                    .statusCode(201).body("id", equalTo(List.of(there))).extract().header("NGSILD-EntityMap");
            in(tenant).accept(JSON).when().get(location).then().statusCode(200)
                    .body("linkedMaps.'" + registrationId + "'", equalTo(remoteMap))
                    .body("entityMap.'" + there + "'", equalTo(List.of(registrationId)));
            // the page names the source's own map (and its ids, in case the source does not keep maps)
            FakeContextSource.Request page = camden.received().get(camden.received().size() - 1);
            assertThat(page.pathAndQuery()).isEqualTo(ENTITIES + "?type=AirQualityObserved&id=" + there);
            assertThat(page.header("NGSILD-EntityMap")).isEqualTo("/ngsi-ld/v1/entityMaps/" + remoteMap);
            assertThat(camden.received()).extracting(FakeContextSource.Request::pathAndQuery)
                    .noneMatch(p -> p.startsWith(ENTITIES + "?type=AirQualityObserved&limit"));
        }
    }
}
