import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The image's HEALTHCHECK: exits 0 when the broker's readiness endpoint answers 200. A Java class
 * rather than curl or wget so that it works on any JRE base image, distroless ones included; it reads
 * the port the broker reads (QUARKUS_HTTP_PORT, default 1026).
 */
public final class HealthProbe {
    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "1026");
        String path = args.length > 0 ? args[0] : "/q/health/ready";
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(4)).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("health probe: " + e);
            System.exit(1);
        }
    }
}
