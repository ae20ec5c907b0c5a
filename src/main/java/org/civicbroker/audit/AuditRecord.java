package org.civicbroker.audit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One audited request (docs/security.md, "Audit"): who (the token's subject, null for an anonymous caller),
 * when, in which tenant (null = the default tenant), what (method and path), on which entity when the path
 * names one, and the outcome (HTTP status). Pure.
 */
public record AuditRecord(Instant at, String subject, String tenant, String method, String path, String entityId,
        int status) {

    private static final String[] ENTITY_PATHS = {"/ngsi-ld/v1/entities/", "/ngsi-ld/v1/temporal/entities/"};

    /** The record of a request; the entity id is read from the path (entity and temporal entity endpoints). */
    public static AuditRecord of(Instant at, String subject, String tenant, String method, String rawPath, int status) {
        return new AuditRecord(at, subject, tenant, method, rawPath, entityOf(rawPath), status);
    }

    /** The entity id a raw path addresses ({@code /entities/{id}...}, {@code /temporal/entities/{id}...}), or null. */
    static String entityOf(String rawPath) {
        for (String prefix : ENTITY_PATHS) {
            if (rawPath.startsWith(prefix) && rawPath.length() > prefix.length()) {
                String rest = rawPath.substring(prefix.length());
                int slash = rest.indexOf('/');
                String id = slash < 0 ? rest : rest.substring(0, slash);
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
