package org.civicbroker.query;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.query.QueryApiSupport.ENTITIES;
import static org.civicbroker.query.QueryApiSupport.GEO_JSON;
import static org.civicbroker.query.QueryApiSupport.JSON;
import static org.civicbroker.query.QueryApiSupport.QUERY;
import static org.civicbroker.query.QueryApiSupport.createAll;
import static org.civicbroker.query.QueryApiSupport.fixture;
import static org.civicbroker.query.QueryApiSupport.getEntities;
import static org.civicbroker.query.QueryApiSupport.ids;
import static org.civicbroker.query.QueryApiSupport.in;
import static org.civicbroker.query.QueryApiSupport.newTenant;
import static org.civicbroker.query.QueryApiSupport.problem;
import static org.civicbroker.query.QueryApiSupport.query;

import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Linked-entity retrieval over HTTP (clause 4.5.23): join, joinLevel and containedBy on Retrieve Entity,
 * Query Entities and the Query body, with nested projections (clause 4.21).
 */
@QuarkusTest
class LinkedEntityApiTest {

    private static final String LIGHT = "urn:ngsi-ld:Streetlight:sl-1";

    private final String tenant = newTenant();

    @BeforeEach
    void city() {
        createAll(tenant, "join/city.json");
    }

    private String retrieve(String id, Map<String, String> params) {
        return in(tenant).accept(JSON).when().get(ENTITIES + "/" + id + "?" + query(params))
                .then().statusCode(200).extract().asString();
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void retrieveInlineNestsTheLinkedEntitiesUpToJoinLevel() {
        assertThatJson(retrieve(LIGHT, params("join", "inline", "joinLevel", "2", "local", "true")))
                .isEqualTo(fixture("join/retrieve-inline.json"));
    }

    @Test
    void retrieveFlatIsAnArrayOfTheEntityAndItsLinkedEntities() {
        String body = retrieve(LIGHT, params("join", "flat"));
        assertThat(ids(body)).containsExactly(LIGHT, "urn:ngsi-ld:Street:high-street");
        assertThatJson(body).inPath("[0].locatedOn").isObject().doesNotContainKey("entity");
        // an entity without any relationship to follow is still an array with flat
        assertThat(ids(retrieve("urn:ngsi-ld:Streetlight:sl-1", params("join", "flat", "pick", "id,status"))))
                .containsExactly(LIGHT);
    }

    @Test
    void containedByAndLoopsStopTheWalk() {
        String seen = retrieve(LIGHT, params("join", "inline", "containedBy", "urn:ngsi-ld:Street:high-street"));
        assertThatJson(seen).inPath("locatedOn").isObject().doesNotContainKey("entity");
        // camden lists high-street, which is where the walk came from: it is not nested again
        String loop = retrieve("urn:ngsi-ld:Street:high-street", params("join", "inline", "joinLevel", "3"));
        assertThatJson(loop).inPath("inBorough.entity.busiestStreets.entityList[*].id").isArray()
                .containsExactly("urn:ngsi-ld:Street:mill-lane");
        assertThatJson(loop).inPath("inBorough.entity.busiestStreets.entityList[0].inBorough").isObject()
                .doesNotContainKey("entity");
    }

    @Test
    void queryFlatAppendsEachLinkedEntityOnceWithItsNestedProjection() {
        String body = getEntities(in(tenant).accept(JSON), query(params("type", "Streetlight", "join", "flat",
                "joinLevel", "2", "options", "keyValues", "pick", "id,locatedOn{id,name,inBorough{id,name}}")))
                .statusCode(200).extract().asString();
        assertThatJson(body).isEqualTo(fixture("join/query-flat-picked.json"));
    }

    @Test
    void queryBodyJoinsLikeTheParameters() {
        String body = in(tenant).contentType(JSON).accept(JSON).body(fixture("join/query-body-inline.json"))
                .when().post(QUERY).then().statusCode(200).extract().asString();
        assertThatJson(body).inPath("[0].busiestStreets.entityList").isArray()
                .isEqualTo("[{\"name\":{\"type\":\"Property\",\"value\":\"Mill Lane\"}},"
                        + "{\"name\":{\"type\":\"Property\",\"value\":\"High Street\"}}]");
        assertThatJson(body).inPath("[0]").isObject().containsOnlyKeys("id", "busiestStreets");
    }

    @Test
    void geoJsonFlatIsAFeatureCollectionWithItsContext() {
        String body = in(tenant).accept(GEO_JSON).when().get(ENTITIES + "/" + LIGHT + "?join=flat")
                .then().statusCode(200).extract().asString();
        assertThatJson(body).node("type").isEqualTo("FeatureCollection");
        assertThatJson(body).inPath("features[*].id").isArray().containsExactly(LIGHT, "urn:ngsi-ld:Street:high-street");
        assertThatJson(body).node("@context").isPresent();
    }

    @Test
    void projectionsIntoLinkedEntitiesNeedAJoinDeepEnough() {
        problem(getEntities(in(tenant), query(params("type", "Streetlight", "pick", "id,locatedOn{name}"))),
                400, "BadRequestData");
        problem(getEntities(in(tenant), query(params("type", "Streetlight", "join", "inline", "joinLevel", "1",
                "pick", "locatedOn{inBorough{name}}"))), 400, "BadRequestData");
        problem(in(tenant).when().get(ENTITIES + "/" + LIGHT + "?join=sideways").then(), 400, "BadRequestData");
        problem(in(tenant).when().get(ENTITIES + "/" + LIGHT + "?join=flat&joinLevel=0").then(), 400, "BadRequestData");
    }
}
