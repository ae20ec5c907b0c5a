package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;

/**
 * How a tenant presents itself on the public transparency page: whether it publishes one, its name,
 * who answers questions, and the area its map shows ({@code area.bbox}: west, south, east, north in
 * WGS 84 degrees; without it the map fits the sensors).
 *
 * @param source the profile as given (validated)
 */
public record PublicationProfile(boolean publish, double[] bbox, ObjectNode source) {

    private static final Set<String> MEMBERS = Set.of("publish", "title", "organisation", "contact", "description", "area");

    static PublicationProfile parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw NgsiException.badData("A publication profile is a JSON object");
        }
        List<String> problems = new ArrayList<>();
        json.fieldNames().forEachRemaining(f -> {
            if (!MEMBERS.contains(f)) {
                problems.add(f + ": unknown member (allowed: area, contact, description, organisation, publish, title)");
            }
        });
        if (!json.path("publish").isBoolean()) {
            problems.add("publish: required, true or false");
        }
        for (String m : List.of("title", "organisation", "contact", "description")) {
            JsonNode v = json.get(m);
            if (v != null && (!v.isTextual() || v.asText().isBlank() || v.asText().length() > EntryParser.MAX_TEXT)) {
                problems.add(m + ": a non-empty string of at most " + EntryParser.MAX_TEXT + " characters");
            }
        }
        double[] bbox = null;
        JsonNode area = json.get("area");
        if (area != null) {
            JsonNode b = area.get("bbox");
            if (!area.isObject() || area.size() != 1 || b == null || !b.isArray() || b.size() != 4) {
                problems.add("area: {\"bbox\": [west, south, east, north]}");
            } else {
                bbox = new double[4];
                for (int i = 0; i < 4; i++) {
                    if (!b.get(i).isNumber()) {
                        problems.add("area.bbox: four numbers");
                        break;
                    }
                    bbox[i] = b.get(i).asDouble();
                }
                if (bbox[0] < -180 || bbox[2] > 180 || bbox[1] < -90 || bbox[3] > 90 || bbox[0] >= bbox[2] || bbox[1] >= bbox[3]) {
                    problems.add("area.bbox: west < east and south < north, within -180..180 and -90..90");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw NgsiException.badData("Invalid publication profile: " + String.join("; ", problems));
        }
        return new PublicationProfile(json.get("publish").asBoolean(), bbox, ((ObjectNode) json).deepCopy());
    }

    public String text(String member) {
        JsonNode v = source.get(member);
        return v == null ? null : v.asText();
    }
}
