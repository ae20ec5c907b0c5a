package org.civicbroker.security;

import io.quarkus.arc.Arc;
import jakarta.inject.Inject;
import java.util.List;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.civicbroker.audit.AuditRecord;
import org.civicbroker.audit.AuditTrail;
import org.civicbroker.audit.EntityStamps;
import org.civicbroker.audit.ReadLedger;
import org.civicbroker.audit.WriteLedger;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audit lines (docs/security.md, "Audit"): with security on, one structured line per API request in the
 * {@code civic.audit} log category, saying who (token subject, or "anonymous") did what (method, path,
 * tenant) with which outcome (status). Writes, deletes and admin operations, every refused request, every
 * successful read that returned entities of personal types ({@link PersonalReads}: with the ids read and
 * how many) and the full exports are logged at INFO; other successful reads at DEBUG (turn them on with
 * {@code QUARKUS_LOG_CATEGORY__CIVIC_AUDIT__LEVEL=DEBUG}). The INFO ones also go to the queryable audit
 * collection ({@link AuditTrail}, {@code GET /ngsi-ld/v1/x-audit/records}). The ownership stamps of the
 * request's writes ({@link WriteStamps}) are recorded here too, with the caller's subject.
 */
public class AuditLog {

    static final Logger LOG = Logger.getLogger("civic.audit");
    static final String EXPORTS = EndpointPolicy.BASE + "x-export/";

    @Inject
    SecurityMode mode;

    @Inject
    AuditTrail trail;

    @Inject
    ReadLedger reads;

    @Inject
    WriteLedger writes;

    @Inject
    CurrentCaller current;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!mode.enabled() || !request.getUriInfo().getPath().startsWith(EndpointPolicy.BASE)) {
            return;
        }
        String method = request.getMethod();
        String path = request.getUriInfo().getRequestUri().getRawPath();
        int status = response.getStatus();
        // a query sent with POST is a read too: the endpoint policy's class says so
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || EndpointPolicy.classify(method, request.getUriInfo().getPath()).needs() == Role.READER;
        boolean refused = status == 401 || status == 403;
        boolean inRequest = Arc.container().requestContext().isActive();
        boolean personal = inRequest && read && !refused && status / 100 == 2 && !reads.isEmpty();
        boolean export = !refused && status / 100 == 2 && export(method, path);
        if (read && !refused && !personal && !export && !LOG.isDebugEnabled()) {
            return;
        }
        Caller caller = inRequest ? current.get() : Caller.UNRESTRICTED;
        String tenant = request.getHeaderString(Tenant.HEADER);
        String t = tenant == null || tenant.isEmpty() ? null : tenant;
        if (personal) {
            // who read which entities of personal types (issue 16): the ids read (bounded) and how many
            List<String> ids = reads.ids();
            LOG.info(line(caller.subject(), tenant, method, path, status) + " read=" + reads.count() + " ids="
                    + quote(String.join(",", ids)));
            trail.add(AuditRecord.read(trail.now(), caller.subject(), t, method, path, status, ids, reads.count()));
        } else if (export) {
            LOG.info(line(caller.subject(), tenant, method, path, status) + " export");
            trail.add(AuditRecord.export(trail.now(), caller.subject(), t, path, status));
        } else if (read && !refused) {
            LOG.debug(line(caller.subject(), tenant, method, path, status));
        } else {
            LOG.info(line(caller.subject(), tenant, method, path, status));
            trail.add(AuditRecord.of(trail.now(), caller.subject(), t, method, path, status));
            stamp(inRequest, t, method, path, status, caller);
        }
    }

    /** The ownership stamps of the request's writes: the changes it published, and a history-only temporal write. */
    private void stamp(boolean inRequest, String tenant, String method, String path, int status, Caller caller) {
        if (!inRequest || caller.subject() == null) {
            return;
        }
        EntityStamps.Change history = EntityStamps.historyChange(method, path, status);
        if (history != null) {
            writes.add(history.entityId(), history.kind());
        }
        if (!writes.isEmpty()) {
            trail.stamp(tenant, writes.changes(), caller.subject());
        }
    }

    /** Whether a request is an export of more than the open data: the full exports and the tenant dump. Pure. */
    static boolean export(String method, String rawPath) {
        return method.equals("GET") && (rawPath.startsWith(EXPORTS + "all/") || rawPath.equals(EXPORTS + "tenant"));
    }

    /** {@code audit subject="..." tenant="..." method=... path="..." status=...}: one line, values quoted. */
    static String line(String subject, String tenant, String method, String path, int status) {
        return "audit subject=" + quote(subject == null ? "anonymous" : subject) + " tenant="
                + quote(tenant == null ? "(default)" : tenant) + " method=" + method + " path=" + quote(path)
                + " status=" + status;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(500).forEach(c -> b.append(c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 || c == 0x7f ? "?" : new String(Character.toChars(c))));
        return b.append('"').toString();
    }
}
