package org.civicbroker.entity;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Uris;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;

/** What the entity resources read from every request: parameters, tenant and the entity id of the path. */
final class Requests {

    /**
     * {@code local=true} limits an operation to this broker (clause 5.5.13); every operation that may be
     * distributed accepts it, a no-op until the broker forwards operations to registered sources. The
     * single-entity operations also take a selector of entity types ({@link #type}).
     */
    static final Set<String> LOCAL = Set.of("local", TypeQuery.PARAM);
    static final Set<String> LOCAL_ONLY = Set.of("local");

    private Requests() {
    }

    /**
     * The query parameters (split at '&' only, see {@link QueryString}), checked against {@code allowed};
     * {@code local}, when given, must be a boolean.
     */
    static MultivaluedMap<String, String> params(HttpServerRequest request, Set<String> allowed) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, allowed);
        QueryParams.bool("local", params.getFirst("local"));
        return params;
    }

    /**
     * The optional selector of entity types of a single-entity operation (clauses 5.6.2 - 5.6.6, 5.6.17 -
     * 5.6.19, 5.7.1: the {@code type} parameter, clause 4.17), expanded with the request's context; null
     * when absent. The entity must then have matching types, else the operation is 404.
     */
    static TypeQuery type(MultivaluedMap<String, String> params, LdContext ctx) {
        String type = params.getFirst(TypeQuery.PARAM);
        return type == null ? null : TypeQuery.parse(type).resolve(ctx::expand);
    }

    static Tenant tenant(HttpHeaders headers) {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }

    /** The entity id of the path: not a URI is 400 BadRequestData (clauses 5.6.x.4, 5.7.1.4). */
    static void checkId(String id) {
        if (!Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("Entity id '" + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
                    + "' is not an absolute URI");
        }
    }
}
