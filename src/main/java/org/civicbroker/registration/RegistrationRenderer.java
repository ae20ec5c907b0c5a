package org.civicbroker.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.civicbroker.jsonld.LdContext;

/**
 * Renders a registration for a reader (clause 5.2.9): the members as the client sent them, with the names
 * the reader's {@code @context} gives to the registered entity types and attributes (clause 5.5.7), the
 * status members of Table 5.2.9-2 once distributed operations were sent, and createdAt/modifiedAt with
 * {@code options=sysAttrs}.
 */
public final class RegistrationRenderer {

    /** The members clause 5.2.9 defines; any other member is a context source property. */
    static final Set<String> OWN_MEMBERS = Set.of("id", "type", "registrationName", "description", "endpoint",
            "contextSourceInfo", "information", "contextSourceAlias", "datasetId", "expiresAt", "location",
            "management", "managementInterval", "mode", "observationInterval", "observationSpace", "operations",
            "operationSpace", "refreshRate", "scope", "tenant", "status", "timesSent", "timesFailed", "lastSuccess",
            "lastFailure", "createdAt", "modifiedAt", "deletedAt");

    private RegistrationRenderer() {
    }

    /**
     * @param created the context the registration's names were written with
     * @param reader the context of the reader
     */
    public static ObjectNode render(Registration r, RegistrationStats.Snapshot stats, LdContext created, LdContext reader,
            boolean sysAttrs, boolean jsonLd) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", r.id());
        out.put("type", RegistrationParser.TYPE);
        for (Iterator<Map.Entry<String, JsonNode>> it = r.source().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            switch (m.getKey()) {
                case "id", "type" -> {
                }
                case "information" -> out.set("information", information(m.getValue(), created, reader));
                default -> {
                    String name = OWN_MEMBERS.contains(m.getKey()) ? m.getKey() : reader.compact(created.expand(m.getKey()));
                    out.set(name, m.getValue().deepCopy());
                }
            }
        }
        if (stats != null && stats.timesSent() > 0) {
            out.put("status", stats.failed() ? "failed" : "ok");
            out.put("timesSent", stats.timesSent());
            if (stats.timesFailed() > 0) {
                out.put("timesFailed", stats.timesFailed());
            }
            if (stats.lastSuccess() != null) {
                out.put("lastSuccess", time(stats.lastSuccess()));
            }
            if (stats.lastFailure() != null) {
                out.put("lastFailure", time(stats.lastFailure()));
            }
        }
        if (sysAttrs) {
            out.put("createdAt", time(r.createdAt()));
            out.put("modifiedAt", time(r.modifiedAt()));
        }
        if (jsonLd) {
            out.set("@context", reader.contextValue());
        }
        // credentials in contextSourceInfo are never shown (docs/security.md, "Outgoing calls")
        return org.civicbroker.outgoing.SecretValues.mask(out);
    }

    private static ArrayNode information(JsonNode infos, LdContext created, LdContext reader) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode info : infos) {
            ObjectNode copy = ((ObjectNode) info).deepCopy();
            if (copy.get("entities") instanceof ArrayNode entities) {
                for (JsonNode e : entities) {
                    JsonNode t = e.get("type");
                    if (t != null && t.isTextual()) {
                        ((ObjectNode) e).put("type", reader.compact(created.expand(t.textValue())));
                    } else if (t instanceof ArrayNode types) {
                        ArrayNode ts = ((ObjectNode) e).putArray("type");
                        types.forEach(x -> ts.add(reader.compact(created.expand(x.asText()))));
                    }
                }
            }
            for (String member : new String[] {"propertyNames", "relationshipNames"}) {
                if (copy.get(member) instanceof ArrayNode names) {
                    ArrayNode ns = copy.putArray(member);
                    names.forEach(x -> ns.add(reader.compact(created.expand(x.asText()))));
                }
            }
            out.add(copy);
        }
        return out;
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
