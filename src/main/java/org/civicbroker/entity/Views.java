package org.civicbroker.entity;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.model.Uris;
import org.civicbroker.query.join.JoinSpec;
import org.civicbroker.query.lang.Options;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.RenderOptions;

/**
 * Turns the representation parameters of a read (options, format, attrs, pick, omit, lang, join,
 * joinLevel, containedBy; clauses 6.3.7, 6.3.11, 4.15, 4.21, 4.5.23) into {@link RenderOptions}, and
 * builds JSON responses with the context in a Link header or in the body as the negotiated media type
 * requires (clause 6.3.5).
 */
public final class Views {

    /** The parameters and what they select. */
    public record View(RenderOptions render, Projection projection, JoinSpec join) {
    }

    private Views() {
    }

    /**
     * @param prefer the request's {@code Prefer} header (null when absent): a GeoJSON answer carries its
     *     {@code @context} in the body unless it says {@code body=json} (clause 5.7.1.4)
     */
    public static View of(MultivaluedMap<String, String> params, LdContext ctx, Representation rep, String prefer) {
        Options options = Options.parse(params.getFirst("options"));
        Format format = switch (options.representation(params.getFirst("format"))) {
            case CONCISE -> Format.CONCISE;
            case SIMPLIFIED -> Format.SIMPLIFIED;
            case NORMALIZED -> Format.NORMALIZED;
            default -> throw NgsiException.badData("Temporal representations are not available on this endpoint");
        };
        Projection projection = Projection.of(params.getFirst("attrs"), params.getFirst("pick"), params.getFirst("omit"), ctx::expand);
        JoinSpec join = JoinSpec.ofParameters(params.getFirst("join"), params.getFirst("joinLevel"), params.getFirst("containedBy"));
        join.check(projection);
        RenderOptions render;
        try {
            render = new RenderOptions(format, options.sysAttrs(), params.getFirst("lang"), null, true, true, true,
                    embedsContext(rep, prefer)).project(projection);
        } catch (IllegalArgumentException e) {
            throw NgsiException.badData("Invalid 'lang': " + e.getMessage());
        }
        return new View(render, projection, join);
    }

    /**
     * Whether the body carries {@code @context}: always for application/ld+json (clause 6.3.5); for
     * application/geo+json unless {@code Prefer: body=json} asks for the Link header instead (clauses
     * 5.7.1.4, 5.7.2.4: a Feature is not JSON-LD without it).
     */
    public static boolean embedsContext(Representation rep, String prefer) {
        return rep == Representation.JSON_LD
                || (rep == Representation.GEO_JSON && (prefer == null || !prefer.toLowerCase(Locale.ROOT).contains("body=json")));
    }

    /** The GeoProperty a GeoJSON answer takes its geometry from ({@code geometryProperty}, default location). */
    public static String geometryProperty(MultivaluedMap<String, String> params, LdContext ctx) {
        String term = params.getFirst("geometryProperty");
        return term == null ? GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY : ctx.expand(term);
    }

    /**
     * The {@code datasetId} parameter (clauses 5.7.1.4, 5.7.2.4; comma list, {@code @none} for the
     * default instance): each entity keeps only the attribute instances with these datasetIds, and an
     * attribute left without instances is not returned. Identity when the parameter is absent.
     */
    public static UnaryOperator<Entity> datasets(String param) {
        if (param == null) {
            return UnaryOperator.identity();
        }
        Set<String> datasetIds = new HashSet<>();
        for (String d : param.split(",", -1)) {
            if (!"@none".equals(d) && !Uris.isAbsoluteUri(d)) {
                throw NgsiException.badData("datasetId: '" + d + "' is neither a URI nor @none");
            }
            datasetIds.add(d);
        }
        return e -> {
            Map<String, List<Attribute>> kept = new LinkedHashMap<>();
            e.attributes().forEach((iri, instances) -> kept.put(iri, instances.stream()
                    .filter(a -> datasetIds.contains(a.datasetId() == null ? "@none" : a.datasetId())).toList()));
            return e.withAttributes(kept);
        };
    }

    /** A 200 response in the negotiated representation; application/json gets the context as a Link. */
    public static Response ok(JsonNode body, Representation rep, LdContext ctx) {
        return ok(body, rep, ctx, rep == Representation.JSON_LD);
    }

    /** A 200 response; the context goes in a Link header unless the body carries it ({@code embedded}). */
    public static Response ok(JsonNode body, Representation rep, LdContext ctx, boolean embedded) {
        Response.ResponseBuilder r = Response.ok(body, rep.mediaType());
        if (!embedded) {
            ctx.linkUrl().ifPresent(url -> r.header("Link", LinkHeader.of(url)));
        }
        return r.build();
    }
}
