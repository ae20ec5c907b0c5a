package org.civicbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml and the Helm chart: they parse, the compose file is the replica-set topology the
 * README describes, the chart's default values validate against values.schema.json, and the templates
 * use only values that exist. (Rendering the templates needs the helm binary; see helm/civic-broker/README.md.)
 */
class DeploymentFilesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path DOCKER = Path.of("docker");
    static final Path CHART = Path.of("helm", "civic-broker");

    @Test
    void composeRunsTheBrokerOnAReplicaSetWithMosquitto() throws Exception {
        JsonNode compose = YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        assertThat(names(services)).contains("mongo", "mongo-init", "mosquitto", "broker");

        JsonNode mongo = services.path("mongo");
        String command = mongo.path("command").toString();
        Matcher replSet = Pattern.compile("\"--replSet\",\"([^\"]+)\"").matcher(command);
        assertThat(replSet.find()).as("mongo runs as a replica set: " + command).isTrue();
        assertThat(mongo.path("healthcheck").path("test").isArray()).isTrue();
        assertThat(services.path("mongo-init").path("entrypoint").toString()).contains("rs.initiate", replSet.group(1));

        JsonNode broker = services.path("broker");
        assertThat(broker.path("environment").path("MONGODB_URI").asText()).contains("replicaSet=" + replSet.group(1));
        assertThat(broker.path("depends_on").path("mongo-init").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(broker.path("depends_on").path("mosquitto").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(services.path("mongo-init").path("depends_on").path("mongo").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(DOCKER.resolve(broker.path("build").path("context").asText())
                .resolve(broker.path("build").path("dockerfile").asText())).exists();
        assertThat(names(compose.path("volumes"))).contains("mongo-data", "mosquitto-data");

        Set<String> settings = DeclaredSettings.read().byEnv().keySet();
        assertThat(names(broker.path("environment"))).as("broker environment names settings the broker reads")
                .isSubsetOf(settings);
    }

    @Test
    void everyComposeVariableIsInDotEnv() throws Exception {
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(DOCKER.resolve(".env"))) {
            env.load(in);
        }
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("MONGO_VERSION", "MOSQUITTO_VERSION", "CIVIC_BROKER_VERSION");
        assertThat(env.stringPropertyNames()).containsAll(used);
    }

    @Test
    void chartDefaultValuesValidateAgainstTheSchema() throws Exception {
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        assertThat(errors(values)).isEmpty();
    }

    @Test
    void theSchemaRejectsBadValues() throws Exception {
        ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        ((ObjectNode) values.path("config")).put("CIVIC_VALIDATION_DEFAULT_MODE", "strict");
        ((ObjectNode) values.path("config")).put("CIVIC_NO_SUCH_SETTING", "1");
        values.put("replicaCount", "two");
        List<String> errors = errors(values);
        assertThat(errors).anyMatch(e -> e.contains("CIVIC_VALIDATION_DEFAULT_MODE"))
                .anyMatch(e -> e.contains("CIVIC_NO_SUCH_SETTING")).anyMatch(e -> e.contains("replicaCount"));
    }

    @Test
    void chartFilesParse() throws Exception {
        JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
        assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(chart.path("name").asText()).isEqualTo("civic-broker");
        assertThat(Files.exists(CHART.resolve("templates/NOTES.txt"))).isTrue();
        assertThat(Files.exists(CHART.resolve("templates/tests/test-version.yaml"))).isTrue();
    }

    /** Without helm, at least: every .Values path a template reads exists, and blocks are closed. */
    @Test
    void templatesReadOnlyValuesThatExistAndCloseTheirBlocks() throws Exception {
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        List<String> problems = new ArrayList<>();
        int references = 0;
        List<Path> templates;
        try (Stream<Path> files = Files.walk(CHART.resolve("templates"))) {
            templates = files.filter(Files::isRegularFile).toList();
        }
        for (Path t : templates) {
            String text = Files.readString(t);
            Matcher ref = Pattern.compile("\\.Values\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)").matcher(text);
            while (ref.find()) {
                references++;
                JsonNode at = values;
                for (String part : ref.group(1).split("\\.")) {
                    at = at.path(part);
                }
                if (at.isMissingNode()) {
                    problems.add(t + " reads .Values." + ref.group(1) + ", which values.yaml does not have");
                }
            }
            long opened = count(text, "\\{\\{-?\\s*(if|range|with|define)\\b");
            long closed = count(text, "\\{\\{-?\\s*end\\s*-?}}");
            if (opened != closed) {
                problems.add(t + " opens " + opened + " blocks and closes " + closed);
            }
        }
        assertThat(references).isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    private static List<String> errors(JsonNode values) throws Exception {
        JsonNode schemaJson = new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        Schema schema = registry.getSchema(SchemaLocation.of("https://civic-broker.invalid/values.schema.json"), schemaJson);
        return schema.validate(values).stream().map(Error::toString).toList();
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
