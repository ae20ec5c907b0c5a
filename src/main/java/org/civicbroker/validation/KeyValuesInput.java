package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.civicbroker.model.GeoShapes;

/**
 * Turns a key-values entity body (clause 4.5.4) into the normalized form the entity parser reads, so
 * the dry-run endpoint can take what suppliers hold: every attribute becomes a Property, except GeoJSON
 * geometries (GeoProperty). Relationships cannot be told from string Properties in key-values; for
 * validation it makes no difference (both reduce to the same key-values again). Pure code.
 */
public final class KeyValuesInput {

    private static final Set<String> CORE = Set.of("id", "type", "scope", "@context", "createdAt", "modifiedAt");

    private KeyValuesInput() {
    }

    public static ObjectNode normalized(JsonNode keyValues) {
        ObjectNode out = keyValues.deepCopy();
        keyValues.fields().forEachRemaining(e -> {
            if (CORE.contains(e.getKey())) {
                return;
            }
            ObjectNode attr = out.putObject(e.getKey());
            attr.put("type", GeoShapes.looksLikeGeometry(e.getValue()) ? "GeoProperty" : "Property");
            attr.set("value", e.getValue());
        });
        return out;
    }
}
