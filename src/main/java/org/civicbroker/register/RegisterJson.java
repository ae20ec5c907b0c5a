package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.civicbroker.register.DataRegister.Versioned;

/**
 * JSON shapes of register entries. An entry is answered (and stored) as given plus the members the
 * broker adds: {@code typeIri} and each attribute's {@code iri} (the expansions, so a stored entry
 * reloads without the @context it was written with), {@code version}, {@code changedBy},
 * {@code changedAt}. Those members are ignored on input, so an entry read can be edited and put back.
 */
final class RegisterJson {

    private static final List<String> SERVER = List.of("typeIri", "version", "changedBy", "changedAt");

    private RegisterJson() {
    }

    static void stripServerMembers(ObjectNode json) {
        json.remove(SERVER);
        JsonNode attrs = json.get("attributes");
        if (attrs != null && attrs.isObject()) {
            attrs.forEach(a -> {
                if (a.isObject()) {
                    ((ObjectNode) a).remove("iri");
                }
            });
        }
    }

    /** The entry's source with the expansions added. */
    static ObjectNode withExpansions(DatasetEntry e) {
        ObjectNode out = e.source().deepCopy();
        out.put("typeIri", e.typeIri());
        JsonNode attrs = out.get("attributes");
        if (attrs != null && attrs.isObject()) {
            for (AttributeEntry a : e.attributes()) {
                JsonNode n = attrs.get(a.name());
                if (n != null && n.isObject()) {
                    ((ObjectNode) n).put("iri", a.iri());
                }
            }
        }
        return out;
    }

    /** Reads the expansions out of a stored entry (removing the server members) as an expansion function. */
    static UnaryOperator<String> storedNames(ObjectNode json, String typeIri) {
        Map<String, String> names = new HashMap<>();
        names.put(json.path("type").asText(), typeIri);
        JsonNode attrs = json.get("attributes");
        if (attrs != null && attrs.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                names.put(f.getKey(), f.getValue().path("iri").asText(f.getKey()));
            }
        }
        stripServerMembers(json);
        return n -> names.getOrDefault(n, n);
    }

    static ObjectNode render(Versioned v) {
        ObjectNode out = withExpansions(v.entry());
        out.put("version", v.version());
        out.put("changedBy", v.changedBy());
        out.put("changedAt", v.changedAt().toString());
        return out;
    }
}
