package org.civicbroker.export;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.civicbroker.register.DataRegister;
import org.civicbroker.persistence.TenantDump;
import org.civicbroker.subscription.SubscriptionRegistry;
import org.civicbroker.tenancy.Tenant;

/**
 * Civic extension: the whole tenant out and in (issue 17 "data ownership"), so a borough can move its
 * data to another broker: {@code GET /ngsi-ld/v1/x-export/tenant} streams every document of the tenant
 * (entities, history, subscriptions, the data register with its versions and disposal records) as NDJSON;
 * {@code POST} of that stream into a new tenant restores it, subscriptions and register included.
 * Progress is logged and shown at {@code /ngsi-ld/v1/x-export/status}.
 */
@Path(TenantImportUpload.PATH)
public class TenantTransferResource {

    private final TenantDump dump;
    private final ExportProgress progress;
    private final DataRegister register;
    private final SubscriptionRegistry subscriptions;

    @Context
    HttpHeaders headers;

    public TenantTransferResource(TenantDump dump, ExportProgress progress, DataRegister register,
            SubscriptionRegistry subscriptions) {
        this.dump = dump;
        this.progress = progress;
        this.register = register;
        this.subscriptions = subscriptions;
    }

    @GET
    @Blocking
    @Produces("application/x-ndjson")
    public Response export() {
        Tenant tenant = tenant();
        Iterable<String> lines = dump.lines(tenant).subscribe().asIterable();
        Iterator<String> it = lines.iterator();  // fails here (404 NonexistentTenant) before anything is sent
        boolean first = it.hasNext();
        StreamingOutput body = out -> {
            ExportProgress.Job job = progress.start("Tenant export", tenant.name());
            try {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                boolean more = first;
                while (more) {
                    w.write(it.next());
                    w.write('\n');
                    job.add(1);
                    more = it.hasNext();
                }
                w.flush();
                progress.finish(job, null);
            } catch (RuntimeException | java.io.IOException e) {
                progress.finish(job, e);
                throw e;
            }
        };
        return Response.ok(body, ExportResource.NDJSON).build();
    }

    @POST
    @Blocking
    @Consumes({"application/x-ndjson", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importTenant(InputStream body) {
        Tenant tenant = tenant();
        ExportProgress.Job job = progress.start("Tenant import", tenant.name());
        try {
            BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8));
            long[] seen = {0};
            long n = dump.importLines(tenant, reader.lines().iterator(), c -> {
                job.add(c - seen[0]);
                seen[0] = c;
            });
            register.load(tenant);
            int subs = subscriptions.load(tenant);
            progress.finish(job, null);
            return Response.ok(java.util.Map.of("documents", n, "subscriptions", subs)).build();
        } catch (RuntimeException e) {
            progress.finish(job, e);
            throw e;
        }
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }
}
