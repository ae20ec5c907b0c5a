package org.civicbroker.security;

import java.util.Locale;

/**
 * The one table of who may call what: every HTTP method and path of the API is classified here, and the
 * security filter enforces the class. A path the table does not know needs {@link Access#ADMIN}, so a new
 * endpoint is closed until someone classifies it. Pure code.
 */
public final class EndpointPolicy {

    static final String BASE = "/ngsi-ld/v1/";

    private EndpointPolicy() {
    }

    public static Access classify(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean read = m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
        if (!path.startsWith(BASE)) {
            // outside the NGSI-LD API: /version and the like (the /q/* operations routes never reach this filter)
            return read ? Access.PUBLIC : Access.ADMIN;
        }
        String[] seg = path.substring(BASE.length()).split("/");
        String first = seg[0];
        int n = seg.length;
        return switch (first) {
            case "entities" -> {
                if (read) {
                    yield Access.DATA_READ;
                }
                // DELETE /entities without an id is the purge (V1.9.1 clause 5.6.21): tenant-wide
                yield n == 1 && m.equals("DELETE") ? Access.ADMIN : Access.WRITE;
            }
            case "entityOperations" -> n == 2 && seg[1].equals("query") ? Access.DATA_READ : Access.WRITE;
            case "types", "attributes" -> read ? Access.DATA_READ : Access.ADMIN;
            case "temporal" -> {
                boolean query = n == 3 && seg[1].equals("entityOperations") && seg[2].equals("query");
                yield read || query ? Access.TEMPORAL_READ : Access.WRITE;
            }
            case "subscriptions" -> read ? Access.READ : Access.WRITE;
            // a hosted @context is fetched by any JSON-LD processor (notification receivers included)
            case "jsonldContexts" -> read ? (n >= 2 ? Access.PUBLIC : Access.READ) : Access.ADMIN;
            case "info" -> read ? Access.PUBLIC : Access.ADMIN;
            case "x-validation" -> Access.READ;
            case "x-security" -> read ? Access.PUBLIC : Access.ADMIN;
            case "csourceRegistrations", "csourceSubscriptions" -> read ? Access.READ : Access.ADMIN;
            // an EntityMap is made by a query (its entities are those the caller's query sees) and used by the
            // same client's later pages (V1.9.1 clause 5.14)
            case "entityMaps" -> Access.DATA_READ;
            // issue 17: the open exports hold only the types the tenant's data register declares open, never a
            // personal attribute (docs/privacy.md); the register, the full exports and the tenant dump are admin
            case "x-export" -> read && n >= 2 && seg[1].equals("open") ? Access.PUBLIC : Access.ADMIN;
            case "x-register" -> Access.ADMIN;
            // the audit collection: who did what in the tenant (docs/security.md, "Audit")
            case "x-audit" -> Access.ADMIN;
            default -> Access.ADMIN;
        };
    }
}
