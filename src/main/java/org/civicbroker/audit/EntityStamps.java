package org.civicbroker.audit;

import java.net.URI;
import java.time.Instant;

/**
 * Ownership stamps (docs/security.md, "Ownership"): who created an entity and who changed it last, with
 * security on. Derived from the successful writes of the entity API, in the same place as the audit
 * records: {@code POST /entities} (201, the id from {@code Location}) creates, writes to
 * {@code /entities/{id}...} modify, {@code DELETE /entities/{id}} removes the stamps (the audit records
 * keep who deleted it). Shown only to admins ({@code GET /ngsi-ld/v1/x-audit/entities/{id}}). Pure.
 */
public final class EntityStamps {

    static final String ENTITIES = "/ngsi-ld/v1/entities";

    /** What a successful request did to one entity. */
    public enum Kind { CREATED, MODIFIED, DELETED }

    /** One change to stamp. */
    public record Change(String entityId, Kind kind) {
    }

    /** The stamps of one entity; {@code createdBy}/{@code createdAt} null when its creation was not seen. */
    public record Stamps(String entityId, String createdBy, Instant createdAt, String modifiedBy, Instant modifiedAt) {
    }

    private EntityStamps() {
    }

    /** The change a successful write made, or null (reads, failures, batch and temporal operations). */
    public static Change change(String method, String rawPath, int status, String location) {
        if (status / 100 != 2 || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return null;
        }
        if (rawPath.equals(ENTITIES) || rawPath.equals(ENTITIES + "/")) {
            if (!method.equals("POST") || status != 201 || location == null) {
                return null;
            }
            String id = AuditRecord.entityOf(URI.create(location).getRawPath());
            return id == null ? null : new Change(id, Kind.CREATED);
        }
        if (!rawPath.startsWith(ENTITIES + "/")) {
            return null;
        }
        String id = AuditRecord.entityOf(rawPath);
        if (id == null) {
            return null;
        }
        boolean whole = rawPath.indexOf('/', ENTITIES.length() + 1) < 0;
        return new Change(id, whole && method.equals("DELETE") ? Kind.DELETED : Kind.MODIFIED);
    }
}
