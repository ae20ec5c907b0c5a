package org.civicbroker.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The query string a distributed request carries (clause 4.3.6): the client's own parameters in the client's
 * order and encoding (a context source reads the same names with the same @context, which the request's Link
 * header names), without {@code local} and with the representation asked in normalized form, which every
 * source supports (clause 4.3.6.1) and which this broker merges before rendering what the client asked for.
 * A page beyond the first asks each source for everything up to the page's end. Pure code.
 */
public final class RemoteRequest {

    /** Handled by this broker only: local scope, the representation, the EntityMap of the client's query. */
    private static final Set<String> DROPPED = Set.of("local", "format", "entityMap", "entityMapLifetime");

    private RemoteRequest() {
    }

    public static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        int offset = 0;
        Integer limit = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (DROPPED.contains(name)) {
                continue;
            }
            if (name.equals("options")) {
                List<String> kept = new ArrayList<>();
                for (String o : value.split("%2C|%2c|,")) {
                    String lower = o.toLowerCase(Locale.ROOT);
                    if (!o.isEmpty() && !lower.equals("keyvalues") && !lower.equals("concise") && !lower.equals("simplified")) {
                        kept.add(o);
                    }
                }
                if (!kept.isEmpty()) {
                    out.add("options=" + String.join(",", kept));
                }
                continue;
            }
            if (name.equals("offset")) {
                offset = parse(value, 0);
                continue;
            }
            if (name.equals("limit")) {
                limit = parse(value, 20);
                out.add("limit=@LIMIT@");
                continue;
            }
            out.add(pair);
        }
        String q = String.join("&", out);
        if (limit != null) {
            q = q.replace("@LIMIT@", String.valueOf(limit + offset));
        } else if (offset > 0) {
            q = q.isEmpty() ? "limit=" + (20 + offset) : q + "&limit=" + (20 + offset);
        }
        return q.isEmpty() ? "" : "?" + q;
    }

    /**
     * The resource path a forwarded request names: the binding's path of the resource (clause 6), without the
     * trailing slash a client may have added ({@code /entities/} and {@code /entities} are the same resource
     * here, but a context source need not accept both).
     */
    public static String path(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The forwarded query string without its {@code id} parameter (an EntityMap gives the ids instead). */
    public static String withoutIds(String forwarded) {
        if (forwarded.isEmpty()) {
            return forwarded;
        }
        List<String> out = new ArrayList<>();
        for (String pair : forwarded.substring(1).split("&")) {
            if (!pair.equals("id") && !pair.startsWith("id=")) {
                out.add(pair);
            }
        }
        return out.isEmpty() ? "" : "?" + String.join("&", out);
    }

    /**
     * A forwarded query string ("?..." or "") narrowed to what a registration offers (clause 4.3.6.1: the
     * registration's constraints are respected): without an {@code id} of its own, the query names the
     * registered entity ids; the attributes asked become those the registration registers (the client's
     * {@code attrs} that are registered, or all the registered ones when the client named none), in the
     * client's terms (the request carries the client's @context).
     *
     * @param ids the registered entity ids (empty: no restriction)
     * @param attrs the registered attribute IRIs (empty: no restriction)
     */
    public static String restrict(String forwarded, List<String> ids, java.util.Set<String> attrs,
            org.civicbroker.jsonld.LdContext ctx) {
        if (ids.isEmpty() && attrs.isEmpty()) {
            return forwarded;
        }
        List<String> out = new ArrayList<>();
        boolean hasId = false;
        boolean hasAttrs = false;
        if (!forwarded.isEmpty()) {
            for (String pair : forwarded.substring(1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (name.equals("id")) {
                    hasId = true;
                }
                if (name.equals("attrs") && !attrs.isEmpty()) {
                    hasAttrs = true;
                    List<String> kept = new ArrayList<>();
                    String value = java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                    for (String term : value.split(",")) {
                        if (attrs.contains(ctx.expand(term.trim()))) {
                            kept.add(term.trim());
                        }
                    }
                    if (!kept.isEmpty()) {
                        out.add("attrs=" + enc(String.join(",", kept)));
                    }
                    continue;
                }
                out.add(pair);
            }
        }
        if (!hasId && !ids.isEmpty()) {
            out.add("id=" + enc(String.join(",", ids)));
        }
        if (!hasAttrs && !attrs.isEmpty()) {
            List<String> terms = new ArrayList<>();
            attrs.forEach(a -> terms.add(ctx.compact(a)));
            out.add("attrs=" + enc(String.join(",", terms)));
        }
        return out.isEmpty() ? "" : "?" + String.join("&", out);
    }

    /**
     * The GET queries (each "?..." or "") equivalent to a Query body (clause 5.2.23) for a context source that
     * takes queryEntity but not queryBatch (clause 4.20): one per entity selector (its id, idPattern and type),
     * each with the Query's attrs, q, geoQ, scopeQ, csf and lang, and the client's parameters (paging and
     * options, as {@link #query} forwards them). Names stay the client's terms: the forwarded request carries
     * the client's @context.
     */
    public static List<String> fromQueryBody(com.fasterxml.jackson.databind.JsonNode body, String rawQuery) {
        List<String> common = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode attrs = body.path("attrs");
        if (attrs.isArray() && !attrs.isEmpty()) {
            List<String> names = new ArrayList<>();
            attrs.forEach(a -> names.add(a.asText()));
            common.add("attrs=" + enc(String.join(",", names)));
        } else if (attrs.isTextual()) {
            common.add("attrs=" + enc(attrs.textValue()));
        }
        for (String member : new String[] {"q", "scopeQ", "csf", "lang"}) {
            if (body.path(member).isTextual()) {
                common.add(member + "=" + enc(body.get(member).textValue()));
            }
        }
        com.fasterxml.jackson.databind.JsonNode geo = body.path("geoQ");
        if (geo.isObject()) {
            for (String member : new String[] {"geometry", "georel", "geoproperty"}) {
                if (geo.path(member).isTextual()) {
                    common.add(member + "=" + enc(geo.get(member).textValue()));
                }
            }
            com.fasterxml.jackson.databind.JsonNode c = geo.path("coordinates");
            if (!c.isMissingNode() && !c.isNull()) {
                common.add("coordinates=" + enc(c.isTextual() ? c.textValue() : c.toString()));
            }
        }
        String rest = query(rawQuery);
        if (!rest.isEmpty()) {
            common.add(rest.substring(1));
        }
        List<String> out = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode entities = body.path("entities");
        if (!entities.isArray() || entities.isEmpty()) {
            out.add(common.isEmpty() ? "" : "?" + String.join("&", common));
            return out;
        }
        for (com.fasterxml.jackson.databind.JsonNode e : entities) {
            List<String> params = new ArrayList<>();
            for (String member : new String[] {"id", "idPattern", "type"}) {
                com.fasterxml.jackson.databind.JsonNode v = e.path(member);
                if (v.isTextual()) {
                    params.add(member + "=" + enc(v.textValue()));
                } else if (v.isArray() && !v.isEmpty()) {
                    List<String> values = new ArrayList<>();
                    v.forEach(x -> values.add(x.asText()));
                    params.add(member + "=" + enc(String.join(",", values)));
                }
            }
            params.addAll(common);
            out.add(params.isEmpty() ? "" : "?" + String.join("&", params));
        }
        return out;
    }

    /**
     * The GET query equivalent to a Query body over an EntityMap (the map gives the ids): the Query's filters as
     * {@link #fromQueryBody} sends them, with {@code type} the alternatives of every entity selector's type when
     * each names one (clause 4.17 {@code ,} is "or"; a source may refuse a query by ids alone, clause 5.7.2).
     */
    public static String mapQuery(com.fasterxml.jackson.databind.JsonNode body, String rawQuery) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = body.isObject()
                ? ((com.fasterxml.jackson.databind.node.ObjectNode) body).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        com.fasterxml.jackson.databind.JsonNode entities = copy.remove("entities");
        List<String> types = new ArrayList<>();
        boolean everyTyped = entities != null && entities.isArray() && !entities.isEmpty();
        if (everyTyped) {
            for (com.fasterxml.jackson.databind.JsonNode e : entities) {
                com.fasterxml.jackson.databind.JsonNode t = e.path("type");
                if (!t.isTextual()) {
                    everyTyped = false;
                    break;
                }
                if (!types.contains(t.textValue())) {
                    types.add(t.textValue());
                }
            }
        }
        if (everyTyped) {
            // "(A|B)" would do as well; a plain list of alternatives is what every source understands
            copy.putArray("entities").addObject().put("type", String.join(",", types));
        }
        return fromQueryBody(copy, rawQuery).get(0).replaceFirst("^\\?", "");
    }

    /**
     * A Query body (clause 5.2.23) narrowed to these entity ids (an EntityMap gives them): its entity selectors
     * replaced by one per id, with the selectors' type when each names one (a plain list of alternatives).
     * The body is returned unchanged when it is not a JSON object.
     */
    public static byte[] withIds(byte[] body, List<String> ids) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = org.civicbroker.common.http.RequestReader.parse(body);
        } catch (RuntimeException e) {
            return body;
        }
        if (!json.isObject()) {
            return body;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) json).deepCopy();
        com.fasterxml.jackson.databind.JsonNode entities = copy.remove("entities");
        List<String> types = new ArrayList<>();
        boolean everyTyped = entities != null && entities.isArray() && !entities.isEmpty();
        if (everyTyped) {
            for (com.fasterxml.jackson.databind.JsonNode e : entities) {
                if (!e.path("type").isTextual()) {
                    everyTyped = false;
                    break;
                }
                if (!types.contains(e.get("type").textValue())) {
                    types.add(e.get("type").textValue());
                }
            }
        }
        com.fasterxml.jackson.databind.node.ArrayNode selectors = copy.putArray("entities");
        for (String id : ids) {
            com.fasterxml.jackson.databind.node.ObjectNode sel = selectors.addObject();
            sel.put("id", id);
            if (everyTyped) {
                sel.put("type", String.join(",", types));
            }
        }
        return copy.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A query parameter value, percent-encoded except ':' and ',' (both allowed in a query component, RFC 3986). */
    /** A query parameter value as forwarded requests write it (see {@link #enc}). */
    public static String encode(String v) {
        return enc(v);
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%3A", ":").replace("%2C", ",");
    }

    private static int parse(String v, int dflt) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
