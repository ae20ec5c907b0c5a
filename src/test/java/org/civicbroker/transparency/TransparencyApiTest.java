package org.civicbroker.transparency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.transparency.TransparencyFixtures.as;
import static org.civicbroker.transparency.TransparencyFixtures.borough;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The public transparency page (issue 17): no login, the same content as HTML and JSON, only for a
 * tenant that publishes it; personal datasets are described but never mapped.
 */
@QuarkusTest
class TransparencyApiTest {

    @Test
    void jsonDescribesEveryDatasetWithLiveFiguresAndMapsOnlyOpenOnes() {
        String tenant = borough(true);
        JsonPath page = given().accept("application/json").get("/transparency/" + tenant).then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getString("title")).isEqualTo("London Borough of Example");
        assertThat(page.getList("datasets.type")).containsExactly("AirQualityReading", "DampMouldReading");
        assertThat(page.getInt("datasets[0].entities")).isEqualTo(3);
        assertThat(page.getString("datasets[0].lastUpdate")).endsWith("Z");
        assertThat(page.getBoolean("datasets[0].open")).isTrue();
        assertThat(page.getString("datasets[0].access")).contains("/ngsi-ld/v1/x-export/open/entities?type=");
        assertThat(page.getString("datasets[1].personalData")).isEqualTo("personal");
        assertThat(page.getString("datasets[1].access")).isNull();
        assertThat(page.getList("datasets[1].collected.handling")).containsExactly("keep", "keepOutOfHistory", "pseudonymise");
        assertThat(page.getString("datasets[1].retention.history")).isEqualTo("P1Y");
        assertThat(page.getList("datasets[0].disposals.rule")).containsExactlyInAnyOrder("currentState", "history");
        assertThat(page.getList("map.points.dataset")).hasSize(3).containsOnly("AirQualityReading");
        assertThat(page.getList("map.bbox", Double.class)).containsExactly(-0.2135, 51.5125, -0.1053, 51.5729);
        // the same with ?format=json
        given().get("/transparency/" + tenant + "?format=json").then().statusCode(200).body("datasets.size()", equalTo(2));
    }

    @Test
    void htmlIsReadableWithoutJavaScript() {
        String tenant = borough(true);
        String html = given().accept("text/html").get("/transparency/" + tenant).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("<html lang=\"en\">", "<h1>London Borough of Example: the data we collect and why</h1>",
                "Air quality at street level", "Damp and mould in council homes", "Personal data", "Open data",
                "stored only as a pseudonym", "no history kept", "<strong>3</strong> records held",
                "role=\"img\"", "<circle", "Last disposal runs");
        assertThat(html).doesNotContain("<script").doesNotContain("12 Example Road");
        assertThat(html.split("<circle", -1)).hasSize(4);
    }

    @Test
    void unpublishedOrUnknownTenantsHaveNoPage() {
        String tenant = borough(false);
        given().get("/transparency/" + tenant).then().statusCode(404);
        given().get("/transparency/t-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/transparency/" + tenant + "?colour=red").then().statusCode(400);
        given().get("/transparency/not a tenant!").then().statusCode(400);
    }

    @Test
    void profileIsValidated() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body("{\"publish\": \"yes\", \"area\": {\"bbox\": [1, 2, 0, 3]}, \"x\": 1}").put("/ngsi-ld/v1/x-register/profile")
                .then().statusCode(400)
                .body("detail", containsString("publish: required"))
                .body("detail", containsString("area.bbox: west < east"))
                .body("detail", containsString("x: unknown member"));
        as(tenant).get("/ngsi-ld/v1/x-register/profile").then().statusCode(404);
        as(tenant).body("{\"publish\": false}").put("/ngsi-ld/v1/x-register/profile").then().statusCode(200)
                .body("version", equalTo(1)).body("changedBy", equalTo("anonymous"));
    }
}
