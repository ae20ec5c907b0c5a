package org.civicbroker.security;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.civicbroker.audit.AuditRecord;
import org.civicbroker.audit.AuditTrail;
import org.civicbroker.audit.EntityStamps;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audit lines (docs/security.md, "Audit"): with security on, one structured line per API request in the
 * {@code civic.audit} log category, saying who (token subject, or "anonymous") did what (method, path,
 * tenant) with which outcome (status). Writes, deletes and admin operations, and every refused request, are
 * logged at INFO; successful reads at DEBUG (turn them on with
 * {@code QUARKUS_LOG_CATEGORY__CIVIC_AUDIT__LEVEL=DEBUG}). The INFO ones also go to the queryable audit
 * collection ({@link AuditTrail}, {@code GET /ngsi-ld/v1/x-audit/records}).
 */
public class AuditLog {

    static final Logger LOG = Logger.getLogger("civic.audit");

    @Inject
    SecurityMode mode;

    @Inject
    AuditTrail trail;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!mode.enabled() || !request.getUriInfo().getPath().startsWith(EndpointPolicy.BASE)) {
            return;
        }
        String method = request.getMethod();
        int status = response.getStatus();
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        boolean refused = status == 401 || status == 403;
        if (read && !refused && !LOG.isDebugEnabled()) {
            return;
        }
        Caller caller = Arc.container().getActiveContext(RequestScoped.class) == null ? Caller.UNRESTRICTED
                : Arc.container().instance(CurrentCaller.class).get().get();
        String tenant = request.getHeaderString(Tenant.HEADER);
        String path = request.getUriInfo().getRequestUri().getRawPath();
        String line = line(caller.subject(), tenant, method, path, status);
        if (read && !refused) {
            LOG.debug(line);
        } else {
            LOG.info(line);
            String t = tenant == null || tenant.isEmpty() ? null : tenant;
            trail.add(AuditRecord.of(trail.now(), caller.subject(), t, method, path, status));
            EntityStamps.Change change = EntityStamps.change(method, path, status, response.getHeaderString("Location"));
            if (change != null && caller.subject() != null) {
                trail.stamp(t, change, caller.subject());
            }
        }
    }

    /** {@code audit subject="..." tenant="..." method=... path="..." status=...}: one line, values quoted. */
    static String line(String subject, String tenant, String method, String path, int status) {
        return "audit subject=" + quote(subject == null ? "anonymous" : subject) + " tenant="
                + quote(tenant == null ? "(default)" : tenant) + " method=" + method + " path=" + quote(path)
                + " status=" + status;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(500).forEach(c -> b.append(c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 || c == 0x7f ? "?" : new String(Character.toChars(c))));
        return b.append('"').toString();
    }
}
