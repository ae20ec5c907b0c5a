package org.civicbroker.discovery;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Set;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.tenancy.Tenant;

/**
 * Entity types and attribute names available from registered context sources (clause 5.7.11: the request
 * "can be forwarded to all Context Sources which support the respective operation" and the lists merged
 * with the local one; implemented by the federation package). Completes with null when no registration
 * takes the operation.
 */
public interface RemoteNames {

    /** Kind of list asked for. */
    enum Kind {
        /** GET /types, operation retrieveEntityTypes (clause 5.7.5). */
        TYPES,
        /** GET /attributes, operation retrieveAttrTypes (clause 5.7.8). */
        ATTRIBUTES
    }

    /** Expanded names the sources gave, and one line per source that failed (for NGSILD-Warning). */
    record Names(Set<String> iris, List<String> failures) {
    }

    Uni<Names> names(Tenant tenant, Kind kind, HttpHeaders headers, LdContext ctx);
}
