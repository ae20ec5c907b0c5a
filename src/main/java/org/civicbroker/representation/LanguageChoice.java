package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks one language of a LanguageProperty's languageMap for the {@code lang} parameter (clause 4.15):
 * the best match of the requested ranges (RFC 4647 basic filtering, q-values honoured), else the
 * {@code @none} entry, else the first entry of the map.
 */
final class LanguageChoice {

    static final String NONE = "@none";

    private final List<Locale.LanguageRange> ranges;

    private LanguageChoice(List<Locale.LanguageRange> ranges) {
        this.ranges = ranges;
    }

    /** Parses a language range list; IllegalArgumentException when malformed. */
    static LanguageChoice parse(String lang) {
        return new LanguageChoice(Locale.LanguageRange.parse(lang));
    }

    /** The chosen (tag, string) entry, or null for an empty map. */
    Map.Entry<String, JsonNode> choose(JsonNode languageMap) {
        List<String> tags = new ArrayList<>();
        languageMap.fieldNames().forEachRemaining(tag -> {
            if (!NONE.equals(tag)) {
                tags.add(tag);
            }
        });
        // filterTags returns lower-cased tags in preference order; map back to the stored spelling.
        for (String match : Locale.filterTags(ranges, tags)) {
            for (String tag : tags) {
                if (tag.equalsIgnoreCase(match)) {
                    return Map.entry(tag, languageMap.get(tag));
                }
            }
        }
        if (languageMap.has(NONE)) {
            return Map.entry(NONE, languageMap.get(NONE));
        }
        Iterator<Map.Entry<String, JsonNode>> it = languageMap.fields();
        return it.hasNext() ? it.next() : null;
    }
}
