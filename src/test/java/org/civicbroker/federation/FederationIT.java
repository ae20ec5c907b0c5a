package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.civicbroker.testsupport.BrokerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15, end to end on three packaged brokers on loopback ports chosen at run time (empty in-memory stores):
 * the borough brokers camden and hackney each hold their own AirQualityObserved entities (shaped as the Smart
 * Data Models example) with a history of no2; the pan-London broker london holds one of its own and registers
 * both boroughs (inclusive, retrieveOps + retrieveTemporal + queryTemporal). The tests check, in order: a
 * query to london returns every borough's entities with count, pages that straddle the brokers, q and a
 * geo-query across them; a temporal query and a temporal retrieval across them; aggregated values over the merged
 * histories and a query via POST paged over an EntityMap; a registration cycle (camden
 * registers london, without an alias, so only the Via header can stop it) terminates; with hackney stopped,
 * london answers with the others within the configured timeout and names hackney in NGSILD-Warning; and a
 * source that accepts connections but never answers costs london its registration's timeout, not more.
 *
 * <p>Runs under failsafe after {@code package} ({@code /work/etsi/mvn verify -Dit.test=FederationIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}); skipped when the jar is absent. Broker logs: target/federation-it-*.log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

    private static final String TYPE = "AirQualityObserved";
    private static final String PREFIX = "urn:ngsi-ld:AirQualityObserved:";
    /** london's per-call timeout (CIVIC_FEDERATION_TIMEOUT) and the registrations' management.timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int REGISTRATION_TIMEOUT_MS = 1500;
    /** What a loaded 2-core machine may add to a bounded answer (scheduling, JIT, GC of three JVMs). */
    private static final Duration SLACK = Duration.ofSeconds(4);
    private static final String[] TIMES = {"2026-11-02T08:00:00Z", "2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"};

    /** name, borough, no2 at the three times, lon, lat. */
    private record Station(String name, String borough, int[] no2, double lon, double lat) {
        String id() {
            return PREFIX + name;
        }
    }

    private static final List<Station> CAMDEN = List.of(
            new Station("camden-01", "camden", new int[] {35, 38, 41}, -0.1426, 51.5390),
            new Station("camden-02", "camden", new int[] {20, 25, 22}, -0.1780, 51.5560),
            new Station("camden-03", "camden", new int[] {50, 52, 55}, -0.1040, 51.5450));
    private static final List<Station> HACKNEY = List.of(
            new Station("hackney-01", "hackney", new int[] {30, 31, 28}, -0.0860, 51.5480),
            new Station("hackney-02", "hackney", new int[] {60, 58, 63}, -0.0550, 51.5450),
            new Station("hackney-03", "hackney", new int[] {33, 36, 35}, -0.0750, 51.5650));
    private static final List<Station> LONDON = List.of(
            new Station("london-01", "city", new int[] {44, 45, 47}, -0.0900, 51.5150));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> timings = new CopyOnWriteArrayList<>();
    private BrokerProcess camden;
    private BrokerProcess hackney;
    private BrokerProcess london;
    private long started;

    @BeforeAll
    void startThreeBrokers() throws Exception {
        assumeTrue(Files.isRegularFile(BrokerProcess.JAR), BrokerProcess.JAR + " is missing: run the package phase first");
        started = System.nanoTime();
        camden = broker("camden");
        hackney = broker("hackney");
        london = broker("london");
        for (BrokerProcess b : List.of(camden, hackney, london)) {
            b.launch();  // the three JVMs start in parallel
        }
        for (BrokerProcess b : List.of(camden, hackney, london)) {
            b.awaitUp(http);
        }
        timings.add("three brokers up in " + ms(started) + " ms");
        load(camden, CAMDEN);
        load(hackney, HACKNEY);
        load(london, LONDON);
        register(london, "camden", camden.url(), "camden");
        register(london, "hackney", hackney.url(), "hackney");
        // the temporal history is recorded asynchronously: wait until every broker has all of its own
        awaitHistory(camden, CAMDEN.size());
        awaitHistory(hackney, HACKNEY.size());
        awaitHistory(london, LONDON.size());
        timings.add("data loaded and registered at " + ms(started) + " ms");
    }

    @AfterAll
    void stopBrokers() throws Exception {
        for (BrokerProcess b : new BrokerProcess[] {camden, hackney, london}) {
            if (b != null) {
                b.stop();
            }
        }
        timings.add("total " + ms(started) + " ms");
        System.out.println("FederationIT: " + String.join("; ", timings));
    }

    private BrokerProcess broker(String alias) throws IOException {
        Path log = Path.of("target", "federation-it-" + alias + ".log");
        Files.deleteIfExists(log);
        return new BrokerProcess("memory", log, Map.of("NGSILD_BROKER_ALIAS", alias,
                "CIVIC_FEDERATION_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S"));
    }

    @Test
    @Order(1)
    void aQueryToLondonReturnsEveryBoroughsEntitiesWithTheCount() throws Exception {
        HttpResponse<String> r = get(london, "/entities?type=" + TYPE + "&count=true&limit=100");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.body())).containsExactlyElementsOf(allIds());
        assertThat(r.headers().firstValue("NGSILD-Results-Count")).contains("7");
        assertThat(r.headers().allValues("NGSILD-Warning")).isEmpty();
        // the entities come whole, as the boroughs hold them
        JsonNode hackney2 = find(r.body(), PREFIX + "hackney-02");
        assertThat(hackney2.path("no2").path("value").asInt()).isEqualTo(63);
        assertThat(hackney2.path("address").path("value").path("addressRegion").asText()).isEqualTo("hackney");
        // and one of them by id, from the borough that holds it
        HttpResponse<String> one = get(london, "/entities/" + enc(PREFIX + "camden-02"));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(json.readTree(one.body()).path("no2").path("value").asInt()).isEqualTo(22);
        // local=true: london's own only
        assertThat(ids(get(london, "/entities?type=" + TYPE + "&local=true").body())).containsExactly(PREFIX + "london-01");
    }

    @Test
    @Order(2)
    void pagesStraddleTheBrokersAndWalkEveryEntityOnce() throws Exception {
        HttpResponse<String> page = get(london, "/entities?type=" + TYPE + "&limit=3&offset=2&count=true");
        assertThat(ids(page.body())).containsExactly(PREFIX + "camden-03", PREFIX + "hackney-01", PREFIX + "hackney-02");
        assertThat(page.headers().firstValue("NGSILD-Results-Count")).contains("7");
        List<String> walked = new ArrayList<>();
        for (int offset = 0; offset < 10; offset += 2) {
            walked.addAll(ids(get(london, "/entities?type=" + TYPE + "&limit=2&offset=" + offset).body()));
        }
        assertThat(walked).containsExactlyElementsOf(allIds());
    }

    @Test
    @Order(3)
    void qAndGeoQueriesWorkAcrossTheBoroughs() throws Exception {
        HttpResponse<String> q = get(london, "/entities?type=" + TYPE + "&q=" + enc("no2>40") + "&count=true");
        assertThat(ids(q.body())).containsExactly(PREFIX + "camden-01", PREFIX + "camden-03", PREFIX + "hackney-02",
                PREFIX + "london-01");
        assertThat(q.headers().firstValue("NGSILD-Results-Count")).contains("4");
        // within 1 km of a point on the Camden/Hackney edge: one station of each borough
        HttpResponse<String> geo = get(london, "/entities?type=" + TYPE + "&georel=" + enc("near;maxDistance==1000")
                + "&geometry=Point&coordinates=" + enc("[-0.095,51.5465]"));
        assertThat(ids(geo.body())).containsExactly(PREFIX + "camden-03", PREFIX + "hackney-01");
        HttpResponse<String> both = get(london, "/entities?type=" + TYPE + "&q=" + enc("no2<30;airQualityLevel==\"good\""));
        assertThat(ids(both.body())).containsExactly(PREFIX + "camden-02", PREFIX + "hackney-01");
    }

    @Test
    @Order(4)
    void aTemporalQueryAndRetrievalWorkAcrossTheBoroughs() throws Exception {
        String window = "&timerel=between&timeAt=" + enc("2026-11-02T00:00:00Z") + "&endTimeAt=" + enc("2026-11-03T00:00:00Z");
        HttpResponse<String> r = get(london, "/temporal/entities?type=" + TYPE + "&attrs=no2" + window + "&count=true&limit=100");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.body())).containsExactlyElementsOf(allIds());
        assertThat(r.headers().firstValue("NGSILD-Results-Count")).contains("7");
        for (JsonNode e : json.readTree(r.body())) {
            Station s = station(e.path("id").asText());
            List<Integer> values = new ArrayList<>();
            e.path("no2").forEach(i -> values.add(i.path("value").asInt()));
            assertThat(values).as("no2 history of %s", s.name()).containsExactlyInAnyOrder(box(s.no2()));
        }
        // lastN and a page across the brokers
        HttpResponse<String> page = get(london, "/temporal/entities?type=" + TYPE + "&attrs=no2" + window
                + "&lastN=1&limit=3&offset=2&count=true");
        assertThat(ids(page.body())).containsExactly(PREFIX + "camden-03", PREFIX + "hackney-01", PREFIX + "hackney-02");
        for (JsonNode e : json.readTree(page.body())) {
            Station s = station(e.path("id").asText());
            assertThat(e.path("no2").size()).as("lastN=1 of %s", s.name()).isEqualTo(1);
            assertThat(e.path("no2").path(0).path("value").asInt()).isEqualTo(s.no2()[2]);
        }
        // q on the history, in the temporalValues representation
        HttpResponse<String> simplified = get(london, "/temporal/entities?type=" + TYPE + "&attrs=no2" + window
                + "&q=" + enc("no2>=60") + "&options=temporalValues");
        assertThat(ids(simplified.body())).containsExactly(PREFIX + "hackney-02");
        assertThat(json.readTree(simplified.body()).path(0).path("no2").path("values").size()).isEqualTo(3);
        // one entity's evolution by id, from the borough that holds it
        HttpResponse<String> one = get(london, "/temporal/entities/" + enc(PREFIX + "hackney-03") + "?attrs=no2" + window);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(json.readTree(one.body()).path("no2").size()).isEqualTo(3);
        assertThat(get(london, "/temporal/entities/" + enc(PREFIX + "hackney-03") + "?local=true").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aggregatesAndEntityMapsWorkAcrossTheBoroughs() throws Exception {
        // clause 4.5.19 over the merged values: every station's three observations, one period for the day
        String window = "&timerel=between&timeAt=" + enc("2026-11-02T00:00:00Z") + "&endTimeAt=" + enc("2026-11-03T00:00:00Z");
        HttpResponse<String> r = get(london, "/temporal/entities?type=" + TYPE + "&attrs=no2" + window
                + "&options=aggregatedValues&aggrMethods=" + enc("totalCount,max") + "&aggrPeriodDuration=P1D&limit=100");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.body())).containsExactlyElementsOf(allIds());
        for (JsonNode e : json.readTree(r.body())) {
            Station s = station(e.path("id").asText());
            assertThat(e.path("no2").path("totalCount").path(0).path(0).asInt()).as("totalCount of %s", s.name()).isEqualTo(3);
            assertThat(e.path("no2").path("max").path(0).path(0).asDouble()).as("max of %s", s.name())
                    .isEqualTo((double) java.util.Arrays.stream(s.no2()).max().orElseThrow());
        }
        // a query via POST paged over an EntityMap (clause 6.23.3.1): the map fixes the set, every page uses it
        String query = "{\"type\": \"Query\", \"entities\": [{\"type\": \"" + TYPE + "\"}], \"q\": \"no2>40\"}";
        HttpResponse<String> first = post(london, "/entityOperations/query?entityMap=true&limit=2", query, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String map = first.headers().firstValue("NGSILD-EntityMap").orElseThrow();
        List<String> walked = new ArrayList<>(ids(first.body()));
        for (int offset = 2; offset < 6; offset += 2) {
            HttpResponse<String> page = post(london, "/entityOperations/query?limit=2&offset=" + offset, query, map);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            walked.addAll(ids(page.body()));
        }
        assertThat(walked).containsExactly(PREFIX + "camden-01", PREFIX + "camden-03", PREFIX + "hackney-02", PREFIX + "london-01");
        HttpResponse<String> m = get(london, map.substring(map.indexOf("/entityMaps")));
        assertThat(json.readTree(m.body()).path("entityMap").path(PREFIX + "hackney-02").path(0).asText())
                .isEqualTo("urn:ngsi-ld:ContextSourceRegistration:hackney");
    }

    @Test
    @Order(6)
    void aRegistrationCycleTerminates() throws Exception {
        // camden registers london: london -> camden -> london ... only the Via header can stop it (no alias given)
        register(camden, "london", london.url(), null);
        try {
            for (BrokerProcess asked : List.of(london, camden)) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(asked, "/entities?type=" + TYPE + "&limit=100");
                long took = ms(t0);
                timings.add("cycle query to " + (asked == london ? "london" : "camden") + " in " + took + " ms");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(ids(r.body())).as("each entity once").containsExactlyElementsOf(allIds());
                assertThat(took).isLessThan(TIMEOUT.plus(SLACK).toMillis());
            }
        } finally {
            HttpResponse<String> d = send("DELETE", camden, "/csourceRegistrations/" + enc("urn:ngsi-ld:ContextSourceRegistration:london"), null);
            assertThat(d.statusCode()).isEqualTo(204);
        }
    }

    @Test
    @Order(7)
    void withHackneyStoppedLondonAnswersWhatItHasAndNamesTheFailure() throws Exception {
        hackney.stop();
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(london, "/entities?type=" + TYPE + "&count=true&limit=100");
        long took = ms(t0);
        timings.add("partial query (hackney stopped) in " + took + " ms");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ids(r.body())).containsExactly(PREFIX + "camden-01", PREFIX + "camden-02", PREFIX + "camden-03",
                PREFIX + "london-01");
        assertThat(r.headers().allValues("NGSILD-Warning")).singleElement().asString()
                .startsWith("199 ").contains("urn:ngsi-ld:ContextSourceRegistration:hackney");
        assertThat(took).isLessThan(TIMEOUT.plus(SLACK).toMillis());

        String window = "&timerel=after&timeAt=" + enc("2026-11-02T00:00:00Z");
        HttpResponse<String> temporal = get(london, "/temporal/entities?type=" + TYPE + "&attrs=no2" + window);
        assertThat(temporal.statusCode()).as(temporal.body()).isEqualTo(200);
        assertThat(ids(temporal.body())).containsExactly(PREFIX + "camden-01", PREFIX + "camden-02", PREFIX + "camden-03",
                PREFIX + "london-01");
        assertThat(temporal.headers().allValues("NGSILD-Warning")).singleElement().asString().contains("hackney");
    }

    @Test
    @Order(8)
    void aSourceThatNeverAnswersCostsItsTimeoutNotMore() throws Exception {
        try (Silent silent = new Silent()) {
            register(london, "islington", silent.url(), "islington");
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(london, "/entities?type=" + TYPE + "&limit=100");
            long took = ms(t0);
            timings.add("partial query (a source that never answers, timeout " + REGISTRATION_TIMEOUT_MS + " ms) in " + took + " ms");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(ids(r.body())).contains(PREFIX + "camden-01", PREFIX + "london-01");
            assertThat(r.headers().allValues("NGSILD-Warning")).anySatisfy(w -> assertThat(w).startsWith("199 ")
                    .contains("urn:ngsi-ld:ContextSourceRegistration:islington"));
            assertThat(silent.accepted()).as("london called the silent source").isPositive();
            assertThat(took).isGreaterThanOrEqualTo(REGISTRATION_TIMEOUT_MS - 100L)
                    .isLessThan(REGISTRATION_TIMEOUT_MS + SLACK.toMillis());
        }
    }

    // ---- helpers

    private void load(BrokerProcess b, List<Station> stations) throws Exception {
        for (Station s : stations) {
            String level = s.no2()[0] > 40 ? "moderate" : "good";
            HttpResponse<String> r = send("POST", b, "/entities", fixture("borough-air-quality.json", "name", s.name(),
                    "borough", s.borough(), "no2", "" + s.no2()[0], "observedAt", TIMES[0], "level", level,
                    "lon", String.format(Locale.ROOT, "%.4f", s.lon()), "lat", String.format(Locale.ROOT, "%.4f", s.lat())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            for (int i = 1; i < TIMES.length; i++) {
                HttpResponse<String> u = send("PATCH", b, "/entities/" + enc(s.id()) + "/attrs",
                        fixture("borough-no2-update.json", "no2", "" + s.no2()[i], "observedAt", TIMES[i]));
                assertThat(u.statusCode()).as(u.body()).isEqualTo(204);
            }
        }
    }

    private void register(BrokerProcess at, String name, String endpoint, String alias) throws Exception {
        HttpResponse<String> r = send("POST", at, "/csourceRegistrations", fixture("borough-registration.json", "name", name,
                "endpoint", endpoint, "alias", alias == null ? "" : "\"contextSourceAlias\": \"" + alias + "\",",
                "timeout", "" + REGISTRATION_TIMEOUT_MS));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Waits until the broker's own temporal store holds every no2 instance of its n stations. */
    private void awaitHistory(BrokerProcess b, int n) throws Exception {
        String path = "/temporal/entities?type=" + TYPE + "&attrs=no2&timerel=after&timeAt=" + enc("2026-11-01T00:00:00Z")
                + "&local=true&limit=100";
        waitFor(() -> {
            try {
                JsonNode all = json.readTree(get(b, path).body());
                int instances = 0;
                for (JsonNode e : all) {
                    instances += e.path("no2").size();
                }
                return instances == n * TIMES.length;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60), "the temporal history at " + b.url());
    }

    private static void waitFor(BooleanSupplier condition, Duration atMost, String what) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(BrokerProcess b, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(b.url() + "/ngsi-ld/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(BrokerProcess b, String path, String body, String entityMap) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b.url() + "/ngsi-ld/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (entityMap != null) {
            r.header("NGSILD-EntityMap", entityMap);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, BrokerProcess b, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b.url() + "/ngsi-ld/v1" + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> ids(String body) throws IOException {
        List<String> out = new ArrayList<>();
        json.readTree(body).forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private JsonNode find(String body, String id) throws IOException {
        for (JsonNode e : json.readTree(body)) {
            if (id.equals(e.path("id").asText())) {
                return e;
            }
        }
        throw new AssertionError(id + " not in " + body);
    }

    private static List<String> allIds() {
        List<String> out = new ArrayList<>();
        for (List<Station> l : List.of(CAMDEN, HACKNEY, LONDON)) {
            l.forEach(s -> out.add(s.id()));
        }
        return out;
    }

    private static Station station(String id) {
        for (List<Station> l : List.of(CAMDEN, HACKNEY, LONDON)) {
            for (Station s : l) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
        }
        throw new AssertionError("unknown station " + id);
    }

    private static Integer[] box(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String fixture(String name, String... keyValues) throws IOException {
        try (InputStream in = FederationIT.class.getResourceAsStream("/fixtures/federation/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < keyValues.length; i += 2) {
                text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
            }
            return text;
        }
    }

    /** A context source that accepts connections and never answers (a hung borough broker). */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Silent() throws IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-source");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
