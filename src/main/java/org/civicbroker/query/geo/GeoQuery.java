package org.civicbroker.query.geo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.civicbroker.common.error.NgsiException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * A geo-query (GS CIM 009 clauses 4.10 and 5.2.13): a geo-relationship, a query geometry and the
 * GeoProperty it applies to.
 *
 * <p>All errors are BadRequestData: clause 5.7.2.4 (Query Entities) requires it when the geo-query
 * is not valid as per clause 4.10, and an incomplete geo-query (say georel without coordinates) is
 * such a case.
 *
 * @param geoproperty expanded IRI of the GeoProperty to test; {@link #DEFAULT_GEOPROPERTY} by default
 */
public record GeoQuery(GeoRelation georel, Geometry geometry, String geoproperty) {

    /** The default GeoProperty, {@code location} (clause 4.7 and 5.2.13). */
    public static final String DEFAULT_GEOPROPERTY = "https://uri.etsi.org/ngsi-ld/location";

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    public GeoQuery {
        if (georel == null || geometry == null) {
            throw new IllegalArgumentException("georel and geometry are required");
        }
        geoproperty = geoproperty == null ? DEFAULT_GEOPROPERTY : geoproperty;
        if (georel.operator() == GeoRelation.Operator.NEAR && !(geometry instanceof Point)) {
            throw NgsiException.badData("georel 'near' needs a Point geometry, not " + geometry.getGeometryType());
        }
        // The geometry is valid GeoJSON (GeoJson.parse: positions, ranges, ring closure), which is what
        // clause 4.10 asks and what an entity's GeoProperty may hold; its topology (a self-intersecting
        // polygon) is not checked, as for entity data, and GeoMatcher repairs what the predicates cannot use.
    }

    /**
     * The geo-query of the GET query parameters {@code georel}, {@code geometry}, {@code coordinates}
     * and {@code geoproperty} (clause 6.4.3.2), or empty when none of the first three is present.
     *
     * @param coordinates JSON array text; a still percent-encoded form is accepted too
     * @param geoproperty a term (or IRI) that {@code expander} turns into an expanded IRI; may be null
     */
    public static Optional<GeoQuery> fromParameters(String georel, String geometry, String coordinates,
            String geoproperty, UnaryOperator<String> expander) {
        if (georel == null && geometry == null && coordinates == null) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (georel == null || georel.isBlank()) {
            missing.add("georel");
        }
        if (geometry == null || geometry.isBlank()) {
            missing.add("geometry");
        }
        if (coordinates == null || coordinates.isBlank()) {
            missing.add("coordinates");
        }
        if (!missing.isEmpty()) {
            throw NgsiException.badData("incomplete geo-query: missing " + String.join(", ", missing)
                    + " (georel, geometry and coordinates go together, clause 4.10)");
        }
        return Optional.of(build(georel, geometry, coordinatesText(coordinates), geoproperty, expander));
    }

    /**
     * The geo-query of a {@code geoQ} JSON object (clause 5.2.13) as in POST /entityOperations/query
     * and subscriptions: members {@code georel}, {@code geometry}, {@code coordinates} (a JSON array
     * or a string holding one) and optional {@code geoproperty} (a term, expanded by {@code expander}).
     */
    public static GeoQuery fromJson(JsonNode geoQ, UnaryOperator<String> expander) {
        if (geoQ == null || !geoQ.isObject()) {
            throw NgsiException.badData("geoQ must be a JSON object");
        }
        String georel = text(geoQ, "georel");
        String geometry = text(geoQ, "geometry");
        JsonNode coordinates = geoQ.get("coordinates");
        if (coordinates == null || coordinates.isNull()) {
            throw NgsiException.badData("incomplete geoQ: missing coordinates");
        }
        if (coordinates.isTextual()) {
            coordinates = coordinatesText(coordinates.asText());
        } else if (!coordinates.isArray()) {
            throw NgsiException.badData("geoQ coordinates must be a JSON array or a string holding one");
        }
        JsonNode property = geoQ.get("geoproperty");
        if (property != null && !property.isNull() && !property.isTextual()) {
            throw NgsiException.badData("geoQ geoproperty must be a string");
        }
        String term = property == null || property.isNull() ? null : property.asText();
        return build(georel, geometry, coordinates, term, expander);
    }

    private static String text(JsonNode geoQ, String member) {
        JsonNode n = geoQ.get(member);
        if (n == null || n.isNull()) {
            throw NgsiException.badData("incomplete geoQ: missing " + member);
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw NgsiException.badData("geoQ " + member + " must be a non-empty string");
        }
        return n.asText();
    }

    private static GeoQuery build(String georel, String geometry, JsonNode coordinates, String term,
            UnaryOperator<String> expander) {
        GeoRelation relation = GeoRelation.parse(georel);
        Geometry shape = GeoJson.parse(geometryType(geometry), coordinates);
        String iri = DEFAULT_GEOPROPERTY;
        if (term != null) {
            if (term.isBlank()) {
                throw NgsiException.badData("geoproperty is empty");
            }
            iri = expander.apply(term);
            if (iri == null || iri.isBlank()) {
                throw NgsiException.badData("geoproperty '" + term + "' cannot be expanded");
            }
        }
        return new GeoQuery(relation, shape, iri);
    }

    /** Clause 4.10 names the GeoJSON types; lower-case forms used by NGSIv2 clients are tolerated. */
    private static String geometryType(String name) {
        for (String type : List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")) {
            if (type.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw NgsiException.badData("unsupported geo-query geometry '" + name
                + "' (expected Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon)");
    }

    private static JsonNode coordinatesText(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            if (text.contains("%")) {
                try {
                    return JSON.readTree(URLDecoder.decode(text, StandardCharsets.UTF_8));
                } catch (JsonProcessingException | IllegalArgumentException ignored) {
                    // fall through to the error below, which quotes the text as received
                }
            }
            throw NgsiException.badData("geo-query coordinates are not a JSON array: '" + text + "'");
        }
    }

    /**
     * The box that the bounding box of every matching stored geometry intersects, or empty when no such
     * box narrows the search ({@code disjoint}, {@code near} with only {@code minDistance}).
     */
    public Optional<BoundingBox> prefilter() {
        return switch (georel.operator()) {
            case DISJOINT -> Optional.empty();
            case NEAR -> georel.max().isEmpty()
                    ? Optional.empty()
                    : Optional.of(Geodesy.capBox(((Point) geometry).getX(), ((Point) geometry).getY(),
                            georel.max().getAsDouble()));
            // within: the stored box lies inside the query box; contains/equals: it covers the query
            // box; intersects/overlaps: they share a point. Intersection is implied in every case.
            default -> Optional.of(BoundingBox.of(geometry));
        };
    }

    /** Whether a stored geometry satisfies this query (see {@link GeoMatcher}). */
    public boolean matches(Geometry stored) {
        return GeoMatcher.matches(this, stored);
    }

    /** The {@code geoQ} object form (clause 5.2.13), geoproperty compacted by {@code compactor}. */
    public ObjectNode toJson(UnaryOperator<String> compactor) {
        ObjectNode out = JSON.createObjectNode();
        out.put("georel", georel.toString());
        out.put("geometry", geometry.getGeometryType());
        out.set("coordinates", GeoJson.toJson(geometry).get("coordinates"));
        out.put("geoproperty", compactor.apply(geoproperty));
        return out;
    }
}
