package org.civicbroker.audit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One audited request (docs/security.md, "Audit"): who (the token's subject, null for an anonymous caller),
 * when, in which tenant (null = the default tenant), what (operation, method and path), on which entity when
 * the path names one, and the outcome (HTTP status). A read of personal data also names the entities read
 * ({@code entityIds}, at most {@link ReadLedger#MAX_IDS}) and how many there were ({@code entityCount}). Pure.
 *
 * @param operation {@link #READ} (a successful read of entities of personal types), {@link #EXPORT},
 *        {@link #WRITE}, {@link #DELETE} or {@link #REFUSED} (401/403)
 */
public record AuditRecord(Instant at, String subject, String tenant, String operation, String method, String path,
        String entityId, List<String> entityIds, Integer entityCount, int status) {

    public static final String READ = "read";
    public static final String EXPORT = "export";
    public static final String WRITE = "write";
    public static final String DELETE = "delete";
    public static final String REFUSED = "refused";

    private static final String[] ENTITY_PATHS = {"/ngsi-ld/v1/entities/", "/ngsi-ld/v1/temporal/entities/"};

    public AuditRecord {
        entityIds = entityIds == null ? List.of() : List.copyOf(entityIds);
    }

    /** The record of a request; the entity id is read from the path (entity and temporal entity endpoints). */
    public static AuditRecord of(Instant at, String subject, String tenant, String method, String rawPath, int status) {
        String operation = status == 401 || status == 403 ? REFUSED : method.equals("DELETE") ? DELETE : WRITE;
        return new AuditRecord(at, subject, tenant, operation, method, rawPath, entityOf(rawPath), List.of(), null, status);
    }

    /** The record of a successful read of personal data: the entities read (bounded) and how many. */
    public static AuditRecord read(Instant at, String subject, String tenant, String method, String rawPath, int status,
            List<String> ids, int count) {
        return new AuditRecord(at, subject, tenant, READ, method, rawPath, ids.size() == 1 ? ids.get(0) : entityOf(rawPath),
                ids, count, status);
    }

    /** The record of an export (the full or tenant exports; they stream, so no ids). */
    public static AuditRecord export(Instant at, String subject, String tenant, String rawPath, int status) {
        return new AuditRecord(at, subject, tenant, EXPORT, "GET", rawPath, null, List.of(), null, status);
    }

    /** The entity id a raw path addresses ({@code /entities/{id}...}, {@code /temporal/entities/{id}...}), or null. */
    static String entityOf(String rawPath) {
        for (String prefix : ENTITY_PATHS) {
            if (rawPath.startsWith(prefix) && rawPath.length() > prefix.length()) {
                String rest = rawPath.substring(prefix.length());
                int slash = rest.indexOf('/');
                String id = slash < 0 ? rest : rest.substring(0, slash);
                int query = id.indexOf('?');
                id = query < 0 ? id : id.substring(0, query);
                try {
                    return id.isEmpty() ? null : URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
