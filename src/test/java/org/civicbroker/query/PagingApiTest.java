package org.civicbroker.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.query.QueryApiSupport.COUNT;
import static org.civicbroker.query.QueryApiSupport.JSON;
import static org.civicbroker.query.QueryApiSupport.QUERY;
import static org.civicbroker.query.QueryApiSupport.getEntities;
import static org.civicbroker.query.QueryApiSupport.in;
import static org.civicbroker.query.QueryApiSupport.json;
import static org.civicbroker.query.QueryApiSupport.newTenant;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.civicbroker.entity.EntityService;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.model.EntityParser;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.tenancy.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offset paging over 20,000 entities (clause 5.5.9): under the stable default order (by id) and under
 * orderBy with many ties (broken by id), every matching entity comes back exactly once across the
 * pages, and the NGSILD-Results-Count header equals the number returned.
 *
 * <p>The 20,000 entities are created once, through EntityService (the same path as POST /entities
 * after parsing), in a shuffled order so that insertion order is not id order, and shared by the
 * tests of this class: they only read, and loading them per test would dominate the run. The
 * tenant is still this class's own.
 */
@QuarkusTest
class PagingApiTest {

    static final int N = 20_000;
    /** Entities of another type in the same tenant, which a type query must not return. */
    static final int OTHERS = 500;
    static final int LEVELS = 7;

    private static String tenant;

    @Inject
    EntityService entities;

    @Inject
    ContextResolver contexts;

    @BeforeEach
    void loadOnce() {
        synchronized (PagingApiTest.class) {
            if (tenant != null) {
                return;
            }
            String t = newTenant();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < N + OTHERS; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(42));
            EntityParser parser = new EntityParser(GeoJson::parse);
            IntFunction<JsonNode> body = i -> entity(i);
            long start = System.nanoTime();
            Multi.createFrom().iterable(order)
                    .onItem().transformToUni(i -> entities.create(Tenant.fromHeader(t),
                            parser.parseEntity(body.apply(i), contexts.core())))
                    .merge(8)
                    .collect().last()
                    .await().atMost(Duration.ofMinutes(10));
            System.out.printf("PagingApiTest: created %d entities in %d ms%n", N + OTHERS,
                    (System.nanoTime() - start) / 1_000_000);
            tenant = t;
        }
    }

    /** Sensor i (i < N) has n = i and level = i % 7; the others are of type Other. */
    private static JsonNode entity(int i) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode e = f.objectNode();
        boolean sensor = i < N;
        e.put("id", sensor ? sensorId(i) : String.format("urn:ngsi-ld:Other:%05d", i - N));
        e.put("type", sensor ? "Sensor" : "Other");
        e.putObject("n").put("type", "Property").put("value", i);
        e.putObject("level").put("type", "Property").put("value", i % LEVELS);
        return e;
    }

    private static String sensorId(int i) {
        return String.format("urn:ngsi-ld:Sensor:%05d", i);
    }

    private record Paged(List<String> ids, List<Integer> levels, Set<String> counts, int pages) {
    }

    /** Pages through GET /entities?{query}&limit=..&count=true until a short page. */
    private Paged pageThrough(String query, int limit) {
        List<String> ids = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        Set<String> counts = new HashSet<>();
        int pages = 0;
        for (int offset = 0; ; offset += limit) {
            ExtractableResponse<Response> r = getEntities(in(tenant).accept(JSON),
                    query + "&options=keyValues&count=true&limit=" + limit + "&offset=" + offset)
                    .statusCode(200).contentType(startsWith(JSON)).extract();
            counts.add(r.header(COUNT));
            JsonNode page = json(r.asString());
            page.forEach(e -> {
                ids.add(e.get("id").asText());
                levels.add(e.get("level").asInt());
            });
            pages++;
            if (page.size() < limit) {
                return new Paged(ids, levels, counts, pages);
            }
            assertThat(pages).as("runaway paging").isLessThan(N);
        }
    }

    private static List<String> allSensorIds() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            all.add(sensorId(i));
        }
        return all;
    }

    @Test
    void pagesOfAThousandReturnEveryEntityOnceInIdOrder() {
        Paged p = pageThrough("type=Sensor", 1000);
        assertThat(p.ids()).hasSize(N).doesNotHaveDuplicates().containsExactlyElementsOf(allSensorIds());
        assertThat(p.counts()).containsExactly(String.valueOf(N));
        assertThat(p.pages()).isEqualTo(21);  // 20 full pages and an empty one
    }

    @Test
    void aPageSizeThatDoesNotDivideTheTotal() {
        Paged p = pageThrough("type=Sensor", 997);
        assertThat(p.ids()).hasSize(N).doesNotHaveDuplicates().containsExactlyElementsOf(allSensorIds());
        assertThat(p.counts()).containsExactly(String.valueOf(N));
        assertThat(p.pages()).isEqualTo(21);  // 20 x 997 = 19,940, then 60
    }

    @Test
    void pagingWithAQFilter() {
        Paged p = pageThrough("type=Sensor&q=level==3", 1000);
        List<String> expected = new ArrayList<>();
        for (int i = 3; i < N; i += LEVELS) {
            expected.add(sensorId(i));
        }
        assertThat(expected).hasSize(2857);
        assertThat(p.ids()).containsExactlyElementsOf(expected);
        assertThat(p.counts()).containsExactly("2857");
    }

    @Test
    void orderByAnAttributeWithTiesIsStableAcrossPages() {
        Paged p = pageThrough("type=Sensor&orderBy=level", 997);
        assertThat(p.ids()).hasSize(N).doesNotHaveDuplicates();
        assertThat(p.counts()).containsExactly(String.valueOf(N));
        List<String> expected = allSensorIds();
        expected.sort(Comparator.comparing((String id) -> Integer.parseInt(id.substring(id.length() - 5)) % LEVELS)
                .thenComparing(Comparator.naturalOrder()));
        assertThat(p.ids()).containsExactlyElementsOf(expected);
        assertThat(p.levels()).isSorted();
    }

    @Test
    void orderByDescendingWithTiesIsStableAcrossPages() {
        Paged p = pageThrough("type=Sensor&orderBy=level;desc", 1000);
        List<String> expected = allSensorIds();
        expected.sort(Comparator.comparing((String id) -> -(Integer.parseInt(id.substring(id.length() - 5)) % LEVELS))
                .thenComparing(Comparator.naturalOrder()));
        assertThat(p.ids()).containsExactlyElementsOf(expected);
        assertThat(p.counts()).containsExactly(String.valueOf(N));
    }

    @Test
    void countAloneAndPastTheEnd() {
        ExtractableResponse<Response> count = getEntities(in(tenant).accept(JSON), "type=Sensor&count=true&limit=0")
                .statusCode(200).extract();
        assertThat(count.header(COUNT)).isEqualTo(String.valueOf(N));
        assertThat(json(count.asString()).size()).isZero();
        ExtractableResponse<Response> past = getEntities(in(tenant).accept(JSON), "type=Sensor&count=true&offset=" + N)
                .statusCode(200).extract();
        assertThat(past.header(COUNT)).isEqualTo(String.valueOf(N));
        assertThat(json(past.asString()).size()).isZero();
        ExtractableResponse<Response> all = getEntities(in(tenant).accept(JSON), "local=true&count=true&limit=0")
                .statusCode(200).extract();
        assertThat(all.header(COUNT)).isEqualTo(String.valueOf(N + OTHERS));
    }

    @Test
    void deepPageOverPost() {
        String body = "{\"type\":\"Query\",\"entities\":[{\"type\":\"Sensor\"}]}";
        ExtractableResponse<Response> r = in(tenant).contentType(JSON).accept(JSON).body(body)
                .when().post(QUERY + "?count=true&limit=100&offset=19950&options=keyValues")
                .then().statusCode(200).extract();
        List<String> ids = new ArrayList<>();
        json(r.asString()).forEach(e -> ids.add(e.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(allSensorIds().subList(19_950, N));
        assertThat(r.header(COUNT)).isEqualTo(String.valueOf(N));
    }
}
