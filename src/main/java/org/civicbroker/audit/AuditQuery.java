package org.civicbroker.audit;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.model.DateTimes;

/**
 * A search of a tenant's audit records: a time window {@code [from, to)}, optionally one subject or one
 * entity, newest first, a page of {@code limit} records after {@code offset}. Bad parameters are 400
 * ProblemDetails. Pure.
 */
public record AuditQuery(Instant from, Instant to, String subject, String entityId, String operation, int limit,
        int offset, boolean count) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final Set<String> PARAMETERS = Set.of("from", "to", "subject", "entity", "operation", "limit", "offset",
            "count");
    static final Set<String> OPERATIONS = Set.of(AuditRecord.READ, AuditRecord.EXPORT, AuditRecord.WRITE, AuditRecord.DELETE,
            AuditRecord.REFUSED);

    public static AuditQuery fromParameters(MultivaluedMap<String, String> params) {
        QueryParams.check(params, PARAMETERS);
        Instant from = params.getFirst("from") == null ? null : DateTimes.parse(params.getFirst("from"));
        Instant to = params.getFirst("to") == null ? null : DateTimes.parse(params.getFirst("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw NgsiException.badData("'from' must be before 'to'");
        }
        int limit = QueryParams.nonNegative("limit", params.getFirst("limit"), DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw NgsiException.badData("'limit' must be between 1 and " + MAX_LIMIT);
        }
        int offset = QueryParams.nonNegative("offset", params.getFirst("offset"), 0);
        String operation = blankToNull(params.getFirst("operation"));
        if (operation != null && !OPERATIONS.contains(operation)) {
            throw NgsiException.badData("'operation' must be one of " + new java.util.TreeSet<>(OPERATIONS));
        }
        return new AuditQuery(from, to, blankToNull(params.getFirst("subject")), blankToNull(params.getFirst("entity")),
                operation, limit, offset, QueryParams.bool("count", params.getFirst("count")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
