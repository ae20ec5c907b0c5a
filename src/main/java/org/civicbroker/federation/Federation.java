package org.civicbroker.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.registration.Registration;
import org.civicbroker.registration.RegistrationMatch;
import org.civicbroker.registration.RegistrationRegistry;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Plans distributed operations (clause 4.3.6): which live registrations of the tenant accept the operation
 * (clause 4.20) and match its entities and attributes (clause 5.12), leaving out those the Via header lists
 * (clause 4.3.6.4), and the headers a forwarded request carries: the client's @context Link, the source's
 * tenant (clause 5.2.9 {@code tenant}), the contextSourceInfo pairs (clause 4.3.6.5, {@code urn:ngsi-ld:request}
 * taking the value from the client's request) and Via with this broker appended.
 */
@ApplicationScoped
public class Federation {

    static final String FROM_REQUEST = "urn:ngsi-ld:request";
    /** Headers contextSourceInfo cannot override (clause 4.3.6.5: binding information of the interaction). */
    private static final java.util.Set<String> PROTECTED = java.util.Set.of("content-length", "content-type", "host",
            "via", "ngsild-tenant", "transfer-encoding", "connection");

    private final RegistrationRegistry registry;
    private final String alias;
    private final org.civicbroker.outgoing.Secrets secrets;

    public Federation(RegistrationRegistry registry, org.civicbroker.outgoing.Secrets secrets,
            @ConfigProperty(name = "civic.broker.alias", defaultValue = "civic-broker") String alias) {
        this.registry = registry;
        this.secrets = secrets;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** Whether the tenant has registrations at all (the cheap test every request makes). */
    public boolean active(Tenant tenant) {
        return !registry.isEmpty(tenant.name());
    }

    /**
     * The registrations that take any of these operations for any entity selector of the query (no selector =
     * any entity) and its attrs, each once, in the order selector, operation, registration; empty while
     * federation is not active for the tenant.
     */
    public List<Registration> matching(Tenant tenant, EntityQuery query, HttpHeaders headers,
            List<String> operations) {
        List<Registration> out = new ArrayList<>();
        if (!active(tenant)) {
            return out;
        }
        List<EntityQuery.Selector> selectors = query.selectors().isEmpty()
                ? List.of(new EntityQuery.Selector(List.of(), null, null)) : query.selectors();
        for (EntityQuery.Selector s : selectors) {
            Pattern p = s.idPattern() == null ? null : Pattern.compile(s.idPattern());
            for (String op : operations) {
                for (Registration r : matching(tenant, op, s.ids(), s.type(), p, query.attrs(), headers)) {
                    if (!out.contains(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The registrations that take this operation on these entities and attributes.
     *
     * @param ids entity ids (empty = any), {@code type} the type selection (null = any)
     * @param attrs expanded attribute IRIs the operation concerns (empty = all)
     */
    public List<Registration> matching(Tenant tenant, String operation, Collection<String> ids, TypeQuery type,
            Pattern idPattern, Collection<String> attrs, HttpHeaders headers) {
        List<String> via = Via.names(headers == null ? null : headers.getHeaderString("Via"));
        List<Registration> out = new ArrayList<>();
        for (Registration r : registry.live(tenant.name(), Instant.now())) {
            if (!r.accepts(operation)) {
                continue;
            }
            if (r.contextSourceAlias() != null && via.contains(r.contextSourceAlias())) {
                continue;
            }
            if (RegistrationMatch.matches(r, ids, type, idPattern, attrs)) {
                out.add(r);
            }
        }
        if (!out.isEmpty() && via.contains(alias)) {
            // this broker already handled the request earlier in the chain: forwarding again would loop
            throw new NgsiException(ErrorType.LOOP_DETECTED, "The request already passed this broker (" + alias
                    + " is in its Via header): a registration cycle");
        }
        return out;
    }

    /** The headers of a request forwarded to the registration's source. */
    public Map<String, String> headers(Registration r, HttpHeaders in, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, String> kv : r.contextSourceInfo().entrySet()) {
            String key = kv.getKey();
            if (PROTECTED.contains(key.toLowerCase(java.util.Locale.ROOT))
                    || java.util.Set.of("accept", "contentType", "jsonldContext", "ngsildConformance").contains(key)) {
                continue;
            }
            String value = kv.getValue();
            if (FROM_REQUEST.equals(value)) {
                value = in == null ? null : in.getHeaderString(key);
            } else {
                value = secrets.reveal(value);  // a secret:NAME reference or an encrypted credential (docs/security.md)
            }
            if (value != null) {
                h.put(key, value);
            }
        }
        String accept = r.contextSourceInfo().getOrDefault("accept", MediaTypes.JSON);
        h.put("Accept", accept);
        String link = in == null ? null : in.getHeaderString("Link");
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        if (link != null && (contentType == null || !contentType.startsWith(MediaTypes.JSON_LD))) {
            h.put("Link", link);
        }
        if (r.sourceTenant() != null) {
            h.put("NGSILD-Tenant", r.sourceTenant());
        }
        h.put("Via", Via.append(in == null ? null : in.getHeaderString("Via"), alias));
        return h;
    }
}
