package org.civicbroker.audit;

import java.time.Instant;

/**
 * Ownership stamps (docs/security.md, "Ownership"): who created an entity and who changed it last, with
 * security on. Every entity write publishes its changes through {@code events.ChangeEvents} (entity API,
 * batch operations, purge, imports, and the live state the temporal API brings up to date); those changes,
 * gathered per request in a {@link WriteLedger}, are stamped with the caller's subject after the answer. The
 * temporal writes that change only the history (an instance patched or deleted, an attribute's or the
 * entity's history deleted) leave the live entity as it is and publish nothing: the path of the request names
 * their entity ({@link #historyChange}). A deletion removes the stamps (the audit records keep who deleted
 * it). Shown only to admins ({@code GET /ngsi-ld/v1/x-audit/entities/{id}}). Pure.
 */
public final class EntityStamps {

    static final String TEMPORAL_ENTITIES = "/ngsi-ld/v1/temporal/entities/";

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

    /** Two changes of one entity in one request as one: the later wins, except that a creation stays one. */
    public static Kind combine(Kind earlier, Kind later) {
        return earlier == Kind.CREATED && later == Kind.MODIFIED ? Kind.CREATED : later;
    }

    /** The kind of a published change: no state before is a creation, no state after a deletion. */
    public static Kind kind(boolean before, boolean after) {
        return !before ? Kind.CREATED : after ? Kind.MODIFIED : Kind.DELETED;
    }

    /**
     * The history-only change a successful temporal write made ({@code /temporal/entities/{id}...}): the
     * entity is modified (deleting its history leaves the live entity); null for anything else.
     */
    public static Change historyChange(String method, String rawPath, int status) {
        if (status / 100 != 2 || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || !rawPath.startsWith(TEMPORAL_ENTITIES)) {
            return null;
        }
        String id = AuditRecord.entityOf(rawPath);
        return id == null ? null : new Change(id, Kind.MODIFIED);
    }
}
