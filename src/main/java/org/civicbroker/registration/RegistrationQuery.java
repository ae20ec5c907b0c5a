package org.civicbroker.registration;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Uris;
import org.civicbroker.query.geo.GeoQuery;
import org.civicbroker.query.lang.ScopeQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.q.QParser;
import org.civicbroker.query.q.RegexGuard;
import org.civicbroker.temporal.TemporalQuery;
import org.civicbroker.temporal.TimeProperty;

/**
 * Query Context Source Registrations (clause 5.10.2, HTTP parameters clause 6.8.3.2): the entity
 * specification matched as clause 5.12 says, {@code q} and {@code csf} over the context source properties,
 * a geo-query over {@code location} (or the named geo member), {@code scopeQ}, and the temporal query that
 * selects registrations by their observation or management interval (without one only registrations of
 * sources providing the latest information are considered).
 */
public record RegistrationQuery(List<String> ids, TypeQuery type, Pattern idPattern, Set<String> attrs, QNode q, QNode csf,
        GeoQuery geo, ScopeQuery scopeQ, TemporalQuery temporal) {

    public static final Set<String> PARAMS = Set.of("id", "type", "idPattern", "attrs", "q", "csf", "georel", "geometry",
            "coordinates", "geoproperty", "timeproperty", "timerel", "timeAt", "endTimeAt", "scopeQ", "limit", "offset",
            "count", "options", "local", "lang");

    public static RegistrationQuery fromParameters(MultivaluedMap<String, String> p, LdContext ctx) {
        List<String> ids = new ArrayList<>();
        String idText = p.getFirst("id");
        if (idText != null) {
            for (String id : idText.split(",")) {
                if (!Uris.isAbsoluteUri(id.trim())) {
                    throw NgsiException.badData("'id' '" + id + "' is not an absolute URI");
                }
                ids.add(id.trim());
            }
        }
        String typeText = p.getFirst("type");
        TypeQuery type = typeText == null ? null : TypeQuery.parse(typeText).resolve(ctx::expand);
        String patternText = p.getFirst("idPattern");
        Pattern idPattern = patternText == null ? null : RegexGuard.validateParameter("idPattern", patternText);
        Set<String> attrs = new LinkedHashSet<>();
        String attrsText = p.getFirst("attrs");
        if (attrsText != null && !attrsText.isBlank()) {
            for (String a : attrsText.split(",")) {
                if (!a.isBlank()) {
                    attrs.add(ctx.expand(a.trim()));
                }
            }
        }
        QNode q = query("q", p.getFirst("q"), ctx);
        QNode csf = query("csf", p.getFirst("csf"), ctx);
        GeoQuery geo = GeoQuery.fromParameters(p.getFirst("georel"), p.getFirst("geometry"), p.getFirst("coordinates"),
                p.getFirst("geoproperty"), ctx::expand).orElse(null);
        ScopeQuery scopeQ = p.getFirst("scopeQ") == null ? null : ScopeQuery.parse(p.getFirst("scopeQ"));
        TemporalQuery temporal = null;
        if (p.getFirst("timerel") != null || p.getFirst("timeAt") != null || p.getFirst("endTimeAt") != null) {
            temporal = TemporalQuery.parse(p.getFirst("timerel"), p.getFirst("timeAt"), p.getFirst("endTimeAt"),
                    p.getFirst("timeproperty"), null);
        } else if (p.getFirst("timeproperty") != null) {
            TimeProperty.parse(p.getFirst("timeproperty"));
        }
        if (type == null && attrs.isEmpty() && !(attrsText != null && attrsText.isBlank())) {
            // clause 5.12: the specification contains at least a selector of entity types or attribute names
            throw NgsiException.badData("A query of registrations needs 'type' or 'attrs' (clause 5.12)");
        }
        return new RegistrationQuery(ids, type, idPattern, attrs, q, csf, geo, scopeQ, temporal);
    }

    /** Clause 5.10.2.4: a query that is not syntactically valid is BadRequestData. */
    private static QNode query(String name, String text, LdContext ctx) {
        if (text == null) {
            return null;
        }
        try {
            return QParser.parse(text).resolve(ctx::expand);
        } catch (NgsiException e) {
            throw NgsiException.badData("Invalid '" + name + "': " + e.getMessage());
        }
    }

    public boolean matches(Registration r, LdContext registrationContext) {
        if (!RegistrationMatch.matches(r, ids, type, idPattern, attrs)) {
            return false;
        }
        if (!matchesTime(r)) {
            return false;
        }
        if (scopeQ != null && !scopeQ.matches(r.scopes())) {
            return false;
        }
        if (geo != null) {
            var g = r.geometries().get(geo.geoproperty());
            if (g == null || !geo.matches(g)) {
                return false;
            }
        }
        return RegistrationMatch.matchesQ(q, r, registrationContext) && RegistrationMatch.matchesQ(csf, r, registrationContext);
    }

    private boolean matchesTime(Registration r) {
        if (temporal == null) {
            return r.latest();
        }
        Registration.Interval interval = temporal.timeproperty() == TimeProperty.OBSERVED_AT
                ? r.observationInterval() : r.managementInterval();
        if (interval == null) {
            return false;
        }
        Instant from = temporal.from() == null ? Instant.MIN : temporal.from();
        Instant to = temporal.to() == null ? Instant.MAX : temporal.to();
        return !to.isBefore(interval.start()) && (interval.end() == null || !from.isAfter(interval.end()));
    }
}
