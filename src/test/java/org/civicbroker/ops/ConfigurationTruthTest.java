package org.civicbroker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configuration is one truth: every setting the application declares (DeclaredSettings) appears with
 * the same environment name and default in README's configuration table, the Dockerfile's ENV list,
 * and the Helm chart's values (config + secretEnv) and values.schema.json; none of them names a
 * setting the application does not read. A failure names the setting and the file to change.
 */
class ConfigurationTruthTest {

    static final Path README = Path.of("README.md");
    static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    static final Path CHART = Path.of("helm", "civic-broker");
    /** Prefixes of the variables that are broker settings (anything else, e.g. JDK_JAVA_OPTIONS, is not). */
    static final Pattern SETTING_NAME = Pattern.compile("(NGSILD|CIVIC|QUARKUS|MONGODB)_[A-Z0-9_]+");

    static DeclaredSettings app;

    @BeforeAll
    static void read() {
        app = DeclaredSettings.read();
    }

    @Test
    void theApplicationDeclaresEachDefaultOnce() {
        assertThat(app.settings).as("settings found").containsKeys("civic.query.max-limit",
                "quarkus.mongodb.connection-string", "civic.validation.default-mode", "civic.validation.modes");
        assertThat(app.settings.get("quarkus.mongodb.connection-string").env()).isEqualTo("MONGODB_URI");
        assertThat(app.conflicts).as("declarations of one setting with different defaults").isEmpty();
    }

    @Test
    void readmeTableListsEverySettingWithItsDefault() throws Exception {
        String section = configurationSection(Files.readString(README));
        Map<String, String> rows = new TreeMap<>();
        List<String> mapRows = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)`[^|]*\\| ([^|]+) \\|").matcher(section);
        while (row.find()) {
            String name = row.group(1);
            if (name.contains(".")) {
                mapRows.add(name);
            } else {
                String d = row.group(2).trim();
                rows.put(name, d.equals("unset") ? "" : d.replaceAll("^`|`$", ""));
            }
        }
        assertSame("README.md's Configuration table", rows);
        app.settings.values().stream().filter(DeclaredSettings.Setting::map).forEach(s -> assertThat(mapRows)
                .as("README.md's Configuration table has a row for the map setting " + s.key())
                .anyMatch(r -> r.startsWith(s.key())));
    }

    @Test
    void dockerfileSetsEverySettingWithItsDefault() throws Exception {
        String text = Files.readString(DOCKERFILE);
        String last = text.substring(text.lastIndexOf("\nFROM "));
        Map<String, String> env = new TreeMap<>();
        Matcher instr = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(last);
        while (instr.find()) {
            Matcher kv = Pattern.compile("([A-Za-z0-9_]+)=(\"([^\"]*)\"|(\\S*))").matcher(instr.group(1));
            while (kv.find()) {
                String v = kv.group(3) != null ? kv.group(3) : kv.group(4);
                if (SETTING_NAME.matcher(kv.group(1)).matches()) {
                    env.put(kv.group(1), v);
                }
            }
        }
        assertSame("docker/Dockerfile's ENV list", env);
    }

    @Test
    void chartValuesAndSchemaNameEverySettingWithItsDefault() throws Exception {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(CHART.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());
        Map<String, String> fromValues = new TreeMap<>();
        Map<String, String> fromSchema = new TreeMap<>();
        for (String group : List.of("config", "secretEnv")) {
            values.path(group).properties().forEach(e -> {
                assertThat(fromValues.put(e.getKey(), e.getValue().asText()))
                        .as(e.getKey() + " is in both config and secretEnv").isNull();
            });
            schema.path("properties").path(group).path("properties").properties()
                    .forEach(e -> fromSchema.put(e.getKey(), e.getValue().path("default").asText(null)));
        }
        assertSame("helm/civic-broker/values.yaml (config + secretEnv)", fromValues);
        assertSame("helm/civic-broker/values.schema.json (config + secretEnv properties and defaults)", fromSchema);
        assertThat(values.path("secretEnv").has("MONGODB_URI")).as("MONGODB_URI is a secret").isTrue();
    }

    @Test
    void aMissingOrChangedSettingIsReported() {
        Map<String, String> wrong = new TreeMap<>(app.byEnv());
        String some = wrong.keySet().iterator().next();
        wrong.remove(some);
        wrong.put("CIVIC_NO_SUCH_SETTING", "1");
        wrong.put("QUARKUS_HTTP_PORT", "8080");
        List<String> problems = differences("test", wrong);
        assertThat(problems).hasSize(3).anyMatch(p -> p.contains(some) && p.contains("missing"))
                .anyMatch(p -> p.contains("CIVIC_NO_SUCH_SETTING")).anyMatch(p -> p.contains("8080"));
    }

    private static void assertSame(String where, Map<String, String> listed) {
        assertThat(differences(where, listed)).as(where + " vs the settings the application declares").isEmpty();
    }

    static List<String> differences(String where, Map<String, String> listed) {
        Map<String, String> expected = app.byEnv();
        List<String> out = new ArrayList<>();
        expected.forEach((env, d) -> {
            if (!listed.containsKey(env)) {
                out.add(env + " (default '" + d + "') is missing from " + where);
            } else if (!d.equals(listed.get(env))) {
                out.add(env + ": " + where + " says '" + listed.get(env) + "', the application's default is '" + d + "'");
            }
        });
        listed.keySet().stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> out.add(k + " is in " + where + " but the application reads no such setting"));
        return out;
    }

    static String configurationSection(String readme) {
        int start = readme.indexOf("\n## Configuration");
        assertThat(start).as("README.md has a '## Configuration' section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
