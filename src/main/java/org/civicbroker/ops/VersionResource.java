package org.civicbroker.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.civicbroker.persistence.StoreProducer;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /version}: Orion-style version document, as FIWARE tools expect. */
@Path("/version")
public class VersionResource {

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    private final StoreProducer store;

    public VersionResource(StoreProducer store) {
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode version() {
        ObjectNode broker = JsonNodeFactory.instance.objectNode();
        broker.put("version", version);
        broker.put("broker", "Civic Broker");
        broker.put("api", "NGSI-LD");
        broker.put("ngsi-ld-spec", "ETSI GS CIM 009 V1.8.1");
        broker.put("uptime", formatUptime(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())));
        broker.put("java", System.getProperty("java.version"));
        broker.put("store", store.embedded().map(e -> "embedded (" + e.description() + ")").orElse("mongodb"));
        broker.put("tenant_header", Tenant.HEADER);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("civic-broker", broker);
        return root;
    }

    static String formatUptime(Duration d) {
        return String.format("%d d, %d h, %d m, %d s", d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    }
}
