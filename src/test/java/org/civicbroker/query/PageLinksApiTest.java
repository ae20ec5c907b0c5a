package org.civicbroker.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.Test;

/**
 * Pages walked by following the {@code rel="next"} Link header (clause 5.5.9) visit every match once,
 * on the three query paths: a plain type selection (type index), a q filter (store query) and a geo
 * query (matched in process); {@code rel="prev"} leads back.
 */
@QuarkusTest
class PageLinksApiTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");
    private static final Pattern PREV = Pattern.compile("<([^>]*)>; rel=\"prev\"");

    private final String tenant = ApiSupport.newTenant();
    private final String type = "Pager" + UUID.randomUUID().toString().substring(0, 8);

    private void create(int n) {
        for (int i = 0; i < n; i++) {
            ApiSupport.create(tenant, "{\"id\": \"urn:ngsi-ld:" + type + ":" + i + "\", \"type\": \"" + type + "\","
                    + " \"n\": {\"type\": \"Property\", \"value\": " + i + "},"
                    + " \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [-0.1, 51.5]}}}");
        }
    }

    private Response get(String pathAndQuery) {
        return given().header(ApiSupport.TENANT, tenant).accept(ApiSupport.JSON).urlEncodingEnabled(false)
                .when().get(pathAndQuery).then().statusCode(200).extract().response();
    }

    private static String link(Response r, Pattern rel) {
        for (var h : r.headers().getList("Link")) {
            Matcher m = rel.matcher(h.getValue());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Follows next links from {@code first}; returns the ids seen, in order. */
    private List<String> walk(String first, int expectedPages) {
        List<String> ids = new ArrayList<>();
        String next = first;
        int pages = 0;
        List<String> previousIds = null;
        while (next != null) {
            Response r = get(next);
            List<String> pageIds = r.jsonPath().getList("id");
            ids.addAll(pageIds);
            String prev = link(r, PREV);
            if (previousIds != null) {
                assertThat(prev).as("prev of %s", next).isNotNull();
                assertThat(get(prev).jsonPath().<String>getList("id")).as("prev of %s", next).isEqualTo(previousIds);
            } else {
                assertThat(prev).isNull();
            }
            previousIds = pageIds;
            next = link(r, NEXT);
            pages++;
        }
        assertThat(pages).isEqualTo(expectedPages);
        return ids;
    }

    private List<String> expected(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("urn:ngsi-ld:" + type + ":" + i);
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void typeQueryPagesWalkEveryEntityOnce() {
        create(5);
        assertThat(walk("/ngsi-ld/v1/entities?type=" + type + "&limit=2", 3)).containsExactlyElementsOf(expected(0, 5));
        // an exactly full last page has no next link
        assertThat(walk("/ngsi-ld/v1/entities?type=" + type + "&limit=5", 1)).hasSize(5);
    }

    @Test
    void qQueryPagesKeepTheFilter() {
        create(6);
        assertThat(walk("/ngsi-ld/v1/entities?type=" + type + "&q=n%3E0&limit=2&options=keyValues", 3))
                .containsExactlyElementsOf(expected(1, 6));
        Response last = get("/ngsi-ld/v1/entities?type=" + type + "&q=n%3E0&limit=2&offset=4&options=keyValues");
        assertThat(link(last, NEXT)).isNull();
        assertThat(link(last, PREV)).isEqualTo("/ngsi-ld/v1/entities?type=" + type + "&q=n%3E0&options=keyValues&limit=2&offset=2");
    }

    @Test
    void geoQueryPagesWalkEveryMatchOnce() {
        create(4);
        String geo = "georel=near;maxDistance==1000&geometry=Point&coordinates=%5B-0.1,51.5%5D";
        assertThat(walk("/ngsi-ld/v1/entities?type=" + type + "&" + geo + "&limit=3", 2)).containsExactlyInAnyOrderElementsOf(expected(0, 4));
    }

    @Test
    void theContextLinkStaysAlongsideThePageLinks() {
        create(3);
        Response r = get("/ngsi-ld/v1/entities?type=" + type + "&limit=1&offset=1");
        assertThat(link(r, NEXT)).isNotNull();
        assertThat(link(r, PREV)).isNotNull();
        assertThat(r.headers().getList("Link").stream().map(h -> h.getValue()))
                .anyMatch(v -> v.contains("ngsi-ld-core-context"));
    }
}
