package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch of 1,000 realistic entities (AirQualityObserved-like, about 1.3 KB each as normalized JSON):
 * fits the default body limit, creates all, updates all, and the query sees them.
 */
@QuarkusTest
class BatchLargeApiTest {

    static final int N = 1000;

    private final String tenant = newTenant();
    private final String run = UUID.randomUUID().toString();

    private String id(int i) {
        return "urn:ngsi-ld:AirQualityObserved:" + run + ":" + i;
    }

    private String batch(double no2) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < N; i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, """
                    {"id": "%s", "type": "AirQualityObserved",
                     "dateObserved": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-11-22T08:00:00Z"}},
                     "NO2": {"type": "Property", "value": %.1f, "unitCode": "GQ", "observedAt": "2026-11-22T08:00:00Z"},
                     "PM10": {"type": "Property", "value": %d, "unitCode": "GQ", "observedAt": "2026-11-22T08:00:00Z"},
                     "PM25": {"type": "Property", "value": %d, "unitCode": "GQ", "observedAt": "2026-11-22T08:00:00Z"},
                     "temperature": {"type": "Property", "value": 12.2, "unitCode": "CEL"},
                     "airQualityLevel": {"type": "Property", "value": "moderate"},
                     "reliability": {"type": "Property", "value": 0.7},
                     "address": {"type": "Property", "value": {"addressCountry": "GB", "addressLocality": "London",
                                 "streetAddress": "Euston Road %d"}},
                     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%.5f, 51.5%04d]}},
                     "refDevice": {"type": "Relationship", "object": "urn:ngsi-ld:Device:%s:%d"}}""",
                    id(i), no2, i % 80, i % 50, i, -0.2 + i * 0.0003, i, run, i));
        }
        return b.append("]").toString();
    }

    @Test
    void upsertsAThousandEntitiesCreatingThenUpdating() {
        String first = batch(20.5);
        assertThat(first.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(N * 1000);
        String created = post(tenant, "upsert", first).statusCode(201).extract().asString();
        assertThat(JsonPath.from(created).getList("$", String.class)).hasSize(N).contains(id(0), id(N - 1));

        post(tenant, "upsert?options=update", batch(33.3)).statusCode(204);
        get(tenant, id(N - 1)).body("NO2.value", equalTo(33.3f)).body("refDevice.object",
                equalTo("urn:ngsi-ld:Device:" + run + ":" + (N - 1)));
        in(tenant).when().get(BASE + "?type=AirQualityObserved&count=true&limit=0").then().statusCode(200)
                .header("NGSILD-Results-Count", String.valueOf(N));
        in(tenant).when().get(BASE + "?type=AirQualityObserved&q=NO2%3E30&count=true&limit=0").then().statusCode(200)
                .header("NGSILD-Results-Count", String.valueOf(N));
    }
}
