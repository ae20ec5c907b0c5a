package org.civicbroker.entity;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.civicbroker.tenancy.Tenant;

/**
 * Provision operations distributed to registered context sources (clause 4.3.6, implemented by the
 * federation package). The resource hands over the write as received and how to run it here; the
 * implementation decides, from the matching registrations and their modes, what runs here and what is
 * forwarded, and composes the answer. Without matching registrations the write simply runs here.
 */
public interface RemoteWrites {

    /**
     * A write as received.
     *
     * @param operation the operation name of clause 4.20 (createEntity, updateEntity, ...)
     * @param entityId the entity the path names, or null (batches, purge, create)
     * @param attribute the attribute the path names, or null
     */
    record Write(String operation, String method, String path, String rawQuery, byte[] body, HttpHeaders headers,
            Tenant tenant, String entityId, String attribute) {
    }

    /** Runs the write; {@code local} runs (the part of) it (that belongs) here, given the body to use. */
    Uni<Response> run(Write write, Function<byte[], Uni<Response>> local);
}
