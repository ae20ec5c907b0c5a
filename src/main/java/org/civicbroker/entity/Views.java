package org.civicbroker.entity;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.lang.Options;
import org.civicbroker.query.lang.Projection;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.RenderOptions;

/**
 * Turns the representation parameters of a read (options, format, attrs, pick, omit, lang; clauses
 * 6.3.7, 6.3.11, 4.15, 4.21) into {@link RenderOptions}, and builds JSON responses with the context
 * in a Link header or in the body as the negotiated media type requires (clause 6.3.5).
 */
public final class Views {

    /** The parameters and what they select. */
    public record View(RenderOptions render, Projection projection) {
    }

    private Views() {
    }

    public static View of(MultivaluedMap<String, String> params, LdContext ctx, Representation rep) {
        Options options = Options.parse(params.getFirst("options"));
        Format format = switch (options.representation(params.getFirst("format"))) {
            case CONCISE -> Format.CONCISE;
            case SIMPLIFIED -> Format.SIMPLIFIED;
            case NORMALIZED -> Format.NORMALIZED;
            default -> throw NgsiException.badData("Temporal representations are not available on this endpoint");
        };
        Projection projection = Projection.of(params.getFirst("attrs"), params.getFirst("pick"), params.getFirst("omit"), ctx::expand);
        RenderOptions render;
        try {
            render = new RenderOptions(format, options.sysAttrs(), params.getFirst("lang"), projection::keepsAttribute,
                    projection.keepsId(), projection.keepsType(), projection.keepsScope(), rep == Representation.JSON_LD);
        } catch (IllegalArgumentException e) {
            throw NgsiException.badData("Invalid 'lang': " + e.getMessage());
        }
        return new View(render, projection);
    }

    /** The GeoProperty a GeoJSON answer takes its geometry from ({@code geometryProperty}, default location). */
    public static String geometryProperty(MultivaluedMap<String, String> params, LdContext ctx) {
        String term = params.getFirst("geometryProperty");
        return term == null ? GeoJsonRenderer.DEFAULT_GEOMETRY_PROPERTY : ctx.expand(term);
    }

    /** A 200 response in the negotiated representation; application/json gets the context as a Link. */
    public static Response ok(JsonNode body, Representation rep, LdContext ctx) {
        Response.ResponseBuilder r = Response.ok(body, rep.mediaType());
        if (rep != Representation.JSON_LD) {
            ctx.linkUrl().ifPresent(url -> r.header("Link", LinkHeader.of(url)));
        }
        return r.build();
    }
}
