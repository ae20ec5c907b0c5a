package org.civicbroker.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency page in a real browser (issue 17): headless Chromium (Debian's {@code chromium},
 * which {@code .ci/run} installs when absent) loads it from the running broker with the example data,
 * at phone width; the rendered DOM is checked (it has no script: the page works without JavaScript) and a screenshot is saved as a
 * build artefact ({@code target/transparency/transparency-phone.png}). Skipped visibly without Chromium.
 */
@QuarkusTest
class TransparencyBrowserTest {

    private static final Path OUT = Path.of("target", "transparency");

    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        return null;
    }

    private static String run(List<String> args) throws Exception {
        Path log = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(args).redirectErrorStream(false).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return out;
    }

    /** A profile per Chromium run, under the test's temporary directory (JUnit deletes it afterwards). */
    private static List<String> chromiumArgs(String chromium, Path profiles, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(profiles, "chromium-profile");
        List<String> args = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-proxy-server", "--user-data-dir=" + profile, "--window-size=390,2400"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void pageRendersInChromiumAtPhoneWidth(@TempDir Path profiles) throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium; .ci/run does it)");
        String tenant = TransparencyFixtures.borough(true);
        String url = "http://127.0.0.1:" + RestAssured.port + "/transparency/" + tenant;
        Files.createDirectories(OUT);

        String dom = run(chromiumArgs(chromium, profiles, "--dump-dom", url));
        assertThat(dom).contains("London Borough of Example: the data we collect and why",
                "Air quality at street level", "Damp and mould in council homes", "Where the sensors of open datasets are");
        assertThat(dom.split("<circle", -1)).as("one circle per open sensor").hasSize(4);
        assertThat(dom).doesNotContain("<script");
        Files.writeString(OUT.resolve("transparency.html"), dom);

        Path shot = OUT.resolve("transparency-phone.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        run(chromiumArgs(chromium, profiles, "--screenshot=" + shot, "--hide-scrollbars", url));
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("a real screenshot").isGreaterThan(10_000);
    }
}
