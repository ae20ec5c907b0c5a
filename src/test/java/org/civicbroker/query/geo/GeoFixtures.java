package org.civicbroker.query.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;

/** Loads the files under src/test/resources/fixtures/geo/. */
final class GeoFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private GeoFixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = GeoFixtures.class.getResourceAsStream("/fixtures/geo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored GeoJSON geometries by entity name, in file order. */
    static Map<String, JsonNode> storedJson() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        load("stored-geometries.json").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static Map<String, Geometry> stored() {
        Map<String, Geometry> out = new LinkedHashMap<>();
        storedJson().forEach((k, v) -> out.put(k, GeoJson.parse(v)));
        return out;
    }

    /** A query case of queries.json as a GeoQuery (coordinates given as a JSON array). */
    static GeoQuery query(JsonNode c) {
        return GeoQuery.fromJson(c, term -> "https://example.org/" + term);
    }

    static Set<String> expected(JsonNode c) {
        Set<String> out = new LinkedHashSet<>();
        c.get("expected").forEach(n -> out.add(n.asText()));
        return out;
    }
}
