package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.tenancy.Tenant;

/**
 * The one rule of what the register's personal-attribute handling does to data: on write,
 * {@code pseudonymise} replaces the attribute's content by its keyed hash, whatever its type (see
 * {@link #pseudonymised}); in the history,
 * {@code keepOutOfHistory} attributes are left out. When an entity has several types, the strictest
 * handling any of their entries gives the attribute applies.
 */
@ApplicationScoped
public class HistoryPolicy {

    private final DataRegister register;
    private final RegisterSettings settings;

    public HistoryPolicy(DataRegister register, RegisterSettings settings) {
        this.register = register;
        this.settings = settings;
    }

    /** The handling of an attribute of an entity with these types. */
    public Handling handling(Tenant tenant, List<String> types, String attributeIri) {
        Map<String, Versioned> entries = register.current(tenant);
        Handling h = Handling.KEEP;
        for (String t : types) {
            Versioned v = entries.get(t);
            if (v != null) {
                Handling x = v.entry().handling(attributeIri);
                h = x.ordinal() > h.ordinal() ? x : h;
            }
        }
        return h;
    }

    /** The entity as it is to be stored: pseudonymised attributes replaced by their keyed hash. */
    public Entity onWrite(Tenant tenant, Entity e) {
        if (register.current(tenant).isEmpty()) {
            return e;
        }
        Map<String, List<Attribute>> attrs = null;
        for (Map.Entry<String, List<Attribute>> a : e.attributes().entrySet()) {
            if (handling(tenant, e.types(), a.getKey()) == Handling.PSEUDONYMISE) {
                attrs = attrs == null ? e.mutableAttributes() : attrs;
                attrs.put(a.getKey(), a.getValue().stream().map(x -> pseudonymised(a.getKey(), x)).toList());
            }
        }
        return attrs == null ? e : e.withAttributes(attrs);
    }

    /**
     * One instance as stored, its content replaced by keyed hashes in a form its type still allows
     * (docs/privacy.md "Pseudonymisation"): a Property value, a JsonProperty json and a VocabProperty vocab
     * become one pseudonym; a Relationship object becomes a pseudonym, itself an absolute URI
     * ({@code hmac-sha256:...}, RFC 3986 scheme and path), as are the members of a ListRelationship
     * objectList and of a 1:n Relationship's objects; each member of a ListProperty valueList and each string of a LanguageProperty
     * languageMap (its language tags kept) is hashed in place. A GeoProperty's value must be a GeoJSON
     * geometry (clause 4.7), which cannot carry a hash: its write is refused (400) rather than stored in
     * clear. Sub-attributes keep their values; a deletion (NGSI-LD Null) passes as it is.
     */
    public Attribute pseudonymised(String attributeIri, Attribute a) {
        JsonNode v = a.value();
        if (v == null || NgsiNull.isDeletion(a)) {
            return a;
        }
        Pseudonymiser p = settings.pseudonymiser();
        return switch (a.type()) {
            case PROPERTY, JSON_PROPERTY, VOCAB_PROPERTY -> a.withValue(p.pseudonym(v));
            case RELATIONSHIP, LIST_PROPERTY, LIST_RELATIONSHIP -> {
                if (!v.isArray()) {
                    yield a.withValue(p.pseudonym(v));
                }
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                v.forEach(x -> out.add(p.pseudonym(x)));
                yield a.withValue(out);
            }
            case LANGUAGE_PROPERTY -> {
                if (!v.isObject()) {
                    yield a.withValue(p.pseudonym(v));
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                v.fields().forEachRemaining(f -> out.set(f.getKey(), p.pseudonym(f.getValue())));
                yield a.withValue(out);
            }
            case GEO_PROPERTY -> throw NgsiException.badData("GeoProperty " + attributeIri + " is classified personal with the handling "
                    + "pseudonymise in the data register, and a geometry cannot hold a keyed hash: leave it out of the "
                    + "write, or declare it keepOutOfHistory (docs/privacy.md)");
        };
    }

    /** The entity as its history records it: {@code keepOutOfHistory} attributes removed. */
    public Entity forHistory(Tenant tenant, Entity e) {
        if (e == null || register.current(tenant).isEmpty()) {
            return e;
        }
        Map<String, List<Attribute>> kept = new LinkedHashMap<>();
        e.attributes().forEach((iri, instances) -> {
            if (handling(tenant, e.types(), iri) != Handling.KEEP_OUT_OF_HISTORY) {
                kept.put(iri, instances);
            }
        });
        return kept.size() == e.attributes().size() ? e : e.withAttributes(kept);
    }
}
