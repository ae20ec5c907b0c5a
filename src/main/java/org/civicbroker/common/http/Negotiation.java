package org.civicbroker.common.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;

/** Chooses the response representation from the Accept header (clause 6.3.6). */
public final class Negotiation {

    /** What a response body can be. */
    public enum Representation {
        JSON(MediaTypes.JSON), JSON_LD(MediaTypes.JSON_LD), GEO_JSON(MediaTypes.GEO_JSON);

        private final String mediaType;

        Representation(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private record Range(String type, double q, int order) {
    }

    private Negotiation() {
    }

    /**
     * The best representation the client accepts; application/json when the header is absent or
     * accepts anything. 406 when nothing offered is acceptable.
     *
     * @param geoJson whether this endpoint can answer application/geo+json
     */
    public static Representation choose(String accept, boolean geoJson) {
        if (accept == null || accept.isBlank()) {
            return Representation.JSON;
        }
        List<Range> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] params = parts[i].split(";");
            String type = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int p = 1; p < params.length; p++) {
                String param = params[p].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0 && !type.isEmpty()) {
                ranges.add(new Range(type, q, i));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order));
        for (Range r : ranges) {
            switch (r.type()) {
                case MediaTypes.JSON, "*/*", "application/*":
                    return Representation.JSON;
                case MediaTypes.JSON_LD:
                    return Representation.JSON_LD;
                case MediaTypes.GEO_JSON:
                    if (geoJson) {
                        return Representation.GEO_JSON;
                    }
                    break;
                default:
                    break;
            }
        }
        throw new NgsiException(ErrorType.NOT_ACCEPTABLE, "None of the accepted media types (" + abbreviate(accept)
                + ") can be produced; offered: application/json, application/ld+json" + (geoJson ? ", application/geo+json" : ""));
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
