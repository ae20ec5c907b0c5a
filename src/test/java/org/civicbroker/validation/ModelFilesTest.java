package org.civicbroker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @Test
    void publicUrlsMapToTheLocalLayout() {
        assertThat(ModelFiles.localPath("https://smart-data-models.github.io/data-models/common-schema.json#/definitions/GSMA-Commons"))
                .contains("data-models/common-schema.json");
        assertThat(ModelFiles.localPath("https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/Environment-schema.json"))
                .contains("dataModel.Environment/Environment-schema.json");
        assertThat(ModelFiles.localPath("http://geojson.org/schema/Geometry.json#")).contains("geojson/Geometry.json");
        assertThat(ModelFiles.localPath("https://geojson.org/schema/Point.json")).contains("geojson/Point.json");
        assertThat(ModelFiles.localPath("https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/main/x.json")).isEmpty();
        assertThat(ModelFiles.localPath("https://example.org/schema.json")).isEmpty();
        assertThat(ModelFiles.localPath("https://smart-data-models.github.io/../../etc/passwd")).isEmpty();
        assertThat(ModelFiles.localPath("https://smart-data-models.github.io//etc/passwd")).isEmpty();
    }

    @Test
    void theOperatorDirectoryWinsFileByFileAndAddsModels(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("dataModel.Weather/WeatherObserved/schema.json");
        Files.createDirectories(own.getParent());
        Files.writeString(own, "{\"title\":\"mine\"}");
        Path added = dir.resolve("dataModel.Civic/Bench/schema.json");
        Files.createDirectories(added.getParent());
        Files.writeString(added, "{}");
        Files.writeString(dir.resolve("dataModel.Civic/notes.json"), "{}");
        ModelFiles files = new ModelFiles(dir, getClass().getClassLoader());
        assertThat(files.json("dataModel.Weather/WeatherObserved/schema.json").orElseThrow().get("title").asText()).isEqualTo("mine");
        assertThat(files.fromOperator("dataModel.Weather/WeatherObserved/schema.json")).isTrue();
        assertThat(new String(files.read("dataModel.Weather/weather-schema.json").orElseThrow(), StandardCharsets.UTF_8)).contains("Weather-Commons");
        assertThat(files.fromOperator("dataModel.Weather/weather-schema.json")).isFalse();
        assertThat(files.models()).hasSize(19).contains("dataModel.Civic/Bench", "dataModel.Weather/WeatherObserved");
        assertThat(files.read("../secret")).isEqualTo(Optional.empty());
    }

    @Test
    void theShippedIndexListsTheEighteenModels() {
        assertThat(new ModelFiles(null, getClass().getClassLoader()).models()).hasSize(18)
                .contains("dataModel.Environment/AirQualityObserved", "dataModel.Streetlighting/StreetlightModel");
    }
}
