package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.lang.Options;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.query.lang.Representation;
import org.civicbroker.model.DateTimes;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.temporal.TemporalRenderer.Mode;

/** Reads the parameters of the temporal consumption endpoints (OpenAPI queryTemporal, retrieveTemporal). */
final class TemporalRequests {

    static final Set<String> RETRIEVE_PARAMS = Set.of("attrs", "pick", "omit", "timeproperty", "timerel", "timeAt",
            "endTimeAt", "lastN", "lang", "aggrMethods", "aggrPeriodDuration", "options", "format", "local", "datasetId");
    static final Set<String> QUERY_PARAMS = Set.of("id", "type", "idPattern", "attrs", "pick", "omit", "q", "scopeQ",
            "georel", "geometry", "coordinates", "geoproperty", "timeproperty", "timerel", "timeAt", "endTimeAt", "lastN",
            "lang", "aggrMethods", "aggrPeriodDuration", "options", "format", "count", "limit", "offset", "local",
            "datasetId", "orderBy", "entityMap", "entityMapLifetime");
    static final Set<String> POST_QUERY_PARAMS = Set.of("lastN", "aggrMethods", "aggrPeriodDuration", "options", "format",
            "count", "limit", "offset", "local", "datasetId", "orderBy", "entityMap", "entityMapLifetime");

    private TemporalRequests() {
    }

    static TemporalQueries.Request request(MultivaluedMap<String, String> p, TemporalQuery tq, LdContext ctx, boolean jsonLd,
            int maxInstances) {
        Options options = Options.parse(p.getFirst("options"));
        Representation rep = options.representation(p.getFirst("format"));
        Mode mode = switch (rep) {
            case NORMALIZED -> Mode.NORMALIZED;
            case TEMPORAL_VALUES, SIMPLIFIED -> Mode.TEMPORAL_VALUES;
            case AGGREGATED_VALUES -> Mode.AGGREGATED;
            case CONCISE -> throw NgsiException.badData("The concise temporal representation is not supported; "
                    + "use normalized, temporalValues or aggregatedValues");
        };
        Aggregator.Request aggregation = null;
        if (mode == Mode.AGGREGATED) {
            if (p.getFirst("aggrMethods") == null) {
                throw NgsiException.badData("options=aggregatedValues needs aggrMethods (clause 4.5.19)");
            }
            aggregation = new Aggregator.Request(AggrMethod.parseList(p.getFirst("aggrMethods")),
                    Periods.parseDuration(p.getFirst("aggrPeriodDuration")));
        } else {
            // only applicable with aggregatedValues (OpenAPI); still checked so a typo is not silently ignored
            if (p.getFirst("aggrMethods") != null) {
                AggrMethod.parseList(p.getFirst("aggrMethods"));
            }
            Periods.parseDuration(p.getFirst("aggrPeriodDuration"));
        }
        Projection projection = Projection.of(p.getFirst("attrs"), p.getFirst("pick"), p.getFirst("omit"), ctx::expand);
        RenderOptions render;
        try {
            render = new RenderOptions(Format.NORMALIZED, options.sysAttrs(), p.getFirst("lang"), projection::keepsAttribute,
                    projection.keepsId(), projection.keepsType(), projection.keepsScope(), jsonLd);
        } catch (IllegalArgumentException e) {
            throw NgsiException.badData("Invalid 'lang': " + e.getMessage());
        }
        return new TemporalQueries.Request(tq, mode, aggregation, render, ctx, maxInstances, datasetIds(p.getFirst("datasetId")),
                attrs(p.getFirst("attrs"), ctx));
    }

    /** The expanded names of the attrs parameter, or null when absent. */
    private static Set<String> attrs(String param, LdContext ctx) {
        if (param == null || param.isBlank()) {
            return null;
        }
        Set<String> out = new java.util.HashSet<>();
        for (String a : param.split(",")) {
            if (!a.isBlank()) {
                out.add(ctx.expand(a.trim()));
            }
        }
        return out;
    }

    /**
     * The datasetId parameter (clauses 5.7.3.4, 5.7.4.4, 4.5.5): comma-separated URIs, {@code @none} for
     * the default instance; null when absent (every instance).
     */
    static Set<String> datasetIds(String param) {
        if (param == null) {
            return null;
        }
        Set<String> out = new java.util.HashSet<>();
        for (String d : param.split(",", -1)) {
            if (!"@none".equals(d) && !org.civicbroker.model.Uris.isAbsoluteUri(d)) {
                throw NgsiException.badData("datasetId: '" + d + "' is neither a URI nor @none");
            }
            out.add(d);
        }
        return out;
    }

    static TemporalQuery temporal(MultivaluedMap<String, String> p) {
        return TemporalQuery.parse(p.getFirst("timerel"), p.getFirst("timeAt"), p.getFirst("endTimeAt"),
                p.getFirst("timeproperty"), p.getFirst("lastN"));
    }

    /** The temporalQ member of a Query body (clause 5.2.21) with lastN from the parameters. */
    static TemporalQuery temporal(JsonNode temporalQ, String lastN) {
        if (temporalQ == null || temporalQ.isNull()) {
            return TemporalQuery.parse(null, null, null, null, lastN);
        }
        if (!temporalQ.isObject()) {
            throw NgsiException.badData("temporalQ must be an object");
        }
        return TemporalQuery.parse(text(temporalQ, "timerel"), text(temporalQ, "timeAt"), text(temporalQ, "endTimeAt"),
                text(temporalQ, "timeproperty"), lastN != null ? lastN : text(temporalQ, "lastN"));
    }

    private static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** Clause 6.3.10 temporal pagination: {@code date-time <range start>-<range end>/<lastN or *>}. */
    static String contentRange(InstancePages.Window w) {
        return "date-time " + DateTimes.format(w.rangeStart()) + "-" + DateTimes.format(w.rangeEnd()) + "/"
                + (w.size() == null ? "*" : w.size().toString());
    }
}
