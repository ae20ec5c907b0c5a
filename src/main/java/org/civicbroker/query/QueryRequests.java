package org.civicbroker.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Sorts;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Uris;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.FieldNames;
import org.civicbroker.query.QueryService.Paging;
import org.civicbroker.query.geo.GeoQuery;
import org.civicbroker.query.lang.OrderBy;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.query.lang.ScopeQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.q.QParser;
import org.civicbroker.query.q.RegexGuard;

/**
 * Reads the query of GET /entities (clause 6.4.3.2) and of POST /entityOperations/query (clause
 * 6.23.3.1, body {@code Query}, clause 5.2.23) into an {@link EntityQuery} and its paging.
 */
public final class QueryRequests {

    /** Paging limits (clause 5.5.9): the default page size and the largest a client may ask for. */
    public record Limits(int defaultLimit, int maxLimit) {
    }

    private QueryRequests() {
    }

    /** GET /entities: every restriction comes from the query string. */
    public static EntityQuery fromParameters(MultivaluedMap<String, String> p, LdContext ctx) {
        List<EntityQuery.Selector> selectors = new ArrayList<>();
        List<String> ids = ids(p.getFirst("id"));
        String idPattern = idPattern(p.getFirst("idPattern"));
        TypeQuery type = type(p.getFirst("type"), ctx);
        if (!ids.isEmpty() || idPattern != null || type != null) {
            selectors.add(new EntityQuery.Selector(ids, idPattern, type));
        }
        GeoQuery geo = GeoQuery.fromParameters(p.getFirst("georel"), p.getFirst("geometry"), p.getFirst("coordinates"),
                p.getFirst("geoproperty"), ctx::expand).orElse(null);
        EntityQuery query = new EntityQuery(selectors, attrs(p.getFirst("attrs"), ctx), q(p.getFirst("q"), ctx),
                scope(p.getFirst("scopeQ")), geo);
        requireRestriction(query, QueryParams.bool("local", p.getFirst("local")));
        return query;
    }

    /** POST /entityOperations/query: the Query body (temporalQ is for the temporal API and ignored here). */
    public static EntityQuery fromBody(JsonNode body, LdContext ctx, boolean local) {
        if (!body.isObject()) {
            throw NgsiException.badData("The Query body must be a JSON object");
        }
        JsonNode type = body.get("type");
        if (type != null && !(type.isTextual() && ("Query".equals(type.textValue())
                || "https://uri.etsi.org/ngsi-ld/Query".equals(type.textValue())))) {
            throw NgsiException.badData("The body's type must be Query");
        }
        List<EntityQuery.Selector> selectors = new ArrayList<>();
        JsonNode entities = body.get("entities");
        if (entities != null) {
            if (!entities.isArray()) {
                throw NgsiException.badData("'entities' must be an array of EntitySelector");
            }
            for (JsonNode s : entities) {
                selectors.add(selector(s, ctx));
            }
        }
        JsonNode attrsNode = body.get("attrs");
        Set<String> attrs = new LinkedHashSet<>();
        if (attrsNode != null) {
            if (!attrsNode.isArray()) {
                throw NgsiException.badData("'attrs' must be an array of attribute names");
            }
            attrsNode.forEach(a -> attrs.add(ctx.expand(text(a, "attrs"))));
        }
        JsonNode geoQ = body.get("geoQ");
        GeoQuery geo = geoQ == null || geoQ.isNull() ? null : GeoQuery.fromJson(geoQ, ctx::expand);
        EntityQuery query = new EntityQuery(selectors, attrs, q(optionalText(body, "q"), ctx),
                scope(optionalText(body, "scopeQ")), geo);
        requireRestriction(query, local);
        return query;
    }

    /** limit, offset, count and orderBy (the same on GET and POST). */
    public static Paging paging(MultivaluedMap<String, String> p, LdContext ctx, Limits limits) {
        boolean count = QueryParams.bool("count", p.getFirst("count"));
        int limit = QueryParams.nonNegative("limit", p.getFirst("limit"), limits.defaultLimit());
        int offset = QueryParams.nonNegative("offset", p.getFirst("offset"), 0);
        if (limit > limits.maxLimit()) {
            throw NgsiException.badData("limit " + limit + " is more than this broker returns in one page ("
                    + limits.maxLimit() + "); page with offset");
        }
        if (limit == 0 && !count) {
            throw NgsiException.badData("limit=0 is only allowed together with count=true");
        }
        String orderBy = p.getFirst(OrderBy.PARAM);
        Bson sort = orderBy == null
                ? Sorts.ascending(EntityDocuments.ID)
                : OrderBy.parse(orderBy, ctx::expand).toBson(FieldNames::attributePath);
        return new Paging(offset, limit, count, sort, orderBy == null);
    }

    /** Clause 6.4.3.2: a query must restrict by type, id, idPattern, attrs, q or geo (unless local). */
    private static void requireRestriction(EntityQuery query, boolean local) {
        if (query.selectors().isEmpty() && query.attrs().isEmpty() && query.q() == null && query.geo() == null
                && query.scopeQ() == null && !local) {
            throw NgsiException.badData("A query needs at least one of type, id, idPattern, attrs, q, scopeQ or a geo-query");
        }
    }

    private static EntityQuery.Selector selector(JsonNode s, LdContext ctx) {
        if (!s.isObject()) {
            throw NgsiException.badData("Each EntitySelector must be an object");
        }
        String id = optionalText(s, "id");
        if (id != null && !Uris.isAbsoluteUri(id)) {
            throw NgsiException.badData("EntitySelector id '" + id + "' is not an absolute URI");
        }
        String type = optionalText(s, "type");
        String idPattern = idPattern(optionalText(s, "idPattern"));
        if (id == null && type == null && idPattern == null) {
            throw NgsiException.badData("An EntitySelector needs id, idPattern or type");
        }
        return new EntityQuery.Selector(id == null ? List.of() : List.of(id), idPattern, type(type, ctx));
    }

    private static List<String> ids(String param) {
        if (param == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String id : param.split(",")) {
            if (!Uris.isAbsoluteUri(id)) {
                throw NgsiException.badData("id '" + abbreviate(id) + "' is not an absolute URI");
            }
            ids.add(id);
        }
        return ids;
    }

    private static String idPattern(String pattern) {
        if (pattern == null) {
            return null;
        }
        RegexGuard.validateParameter("idPattern", pattern);
        return pattern;
    }

    private static TypeQuery type(String param, LdContext ctx) {
        return param == null ? null : TypeQuery.parse(param).resolve(ctx::expand);
    }

    /** The attrs parameter's attribute IRIs, with the validation of the projection it also is. */
    private static Set<String> attrs(String param, LdContext ctx) {
        return param == null ? Set.of() : Projection.attrs(param, ctx::expand).attributes();
    }

    private static QNode q(String q, LdContext ctx) {
        return q == null ? null : QParser.parse(q).resolve(ctx::expand);
    }

    private static ScopeQuery scope(String scopeQ) {
        return scopeQ == null ? null : ScopeQuery.parse(scopeQ);
    }

    private static String optionalText(JsonNode body, String member) {
        JsonNode n = body.get(member);
        return n == null || n.isNull() ? null : text(n, member);
    }

    private static String text(JsonNode n, String member) {
        if (!n.isTextual()) {
            throw NgsiException.badData("'" + member + "' must be a string");
        }
        return n.textValue();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
