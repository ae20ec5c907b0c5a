package org.civicbroker.info;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.jsonld.CoreContext;
import org.civicbroker.model.DateTimes;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /info/sourceIdentity} (GS CIM 009 V1.9.1 clause 5.15, data type 5.2.40 ContextSourceIdentity):
 * who this broker is (a stable id and the configured alias, which federating brokers use to detect
 * loops), how long it has been up and its current time. Member names are the V1.9 core context terms.
 */
@Path("/ngsi-ld/v1/info/sourceIdentity")
public class SourceIdentityResource {

    private final BrokerIdentity identity;
    private final String alias;
    private final Map<String, String> tenantAliases;
    private final String version;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public SourceIdentityResource(BrokerIdentity identity,
            @ConfigProperty(name = "civic.broker.alias", defaultValue = "civic-broker") String alias,
            @ConfigProperty(name = "civic.broker.tenant-aliases") Optional<List<String>> tenantAliases,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.identity = identity;
        this.alias = alias;
        this.tenantAliases = tenantAliases(tenantAliases.orElse(List.of()));
        this.version = version;
    }

    /**
     * {@code tenant=alias} pairs: Table 5.2.40-1 gives each tenant of a multi-tenant source its own
     * alias, so a federating broker can tell the tenants' data apart. A bad entry stops the start-up.
     */
    static Map<String, String> tenantAliases(List<String> pairs) {
        Map<String, String> out = new HashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("civic.broker.tenant-aliases: expected tenant=alias, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Map.copyOf(out);
    }

    @GET
    public Response get() {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", "urn:ngsi-ld:ContextSourceIdentity:" + identity.uuid());
        body.put("type", "ContextSourceIdentity");
        String tenant = headers.getHeaderString(Tenant.HEADER);
        body.put("contextSourceAlias", tenant == null ? alias : tenantAliases.getOrDefault(tenant, alias));
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).truncatedTo(ChronoUnit.SECONDS);
        body.put("contextSourceUptime", uptime.toString());
        body.put("contextSourceTimeAt", DateTimes.format(Instant.now()));
        ObjectNode extras = body.putObject("contextSourceExtras");
        extras.put("broker", "Civic Broker");
        extras.put("version", version);
        extras.put("ngsi-ld-spec", "ETSI GS CIM 009 V1.8.1");
        if (rep == Representation.JSON_LD) {
            body.put("@context", CoreContext.URL);
            return Response.ok(body, MediaTypes.JSON_LD).build();
        }
        return Response.ok(body, MediaTypes.JSON).header("Link", LinkHeader.of(CoreContext.URL)).build();
    }
}
