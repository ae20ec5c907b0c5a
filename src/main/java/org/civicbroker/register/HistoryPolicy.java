package org.civicbroker.register;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.tenancy.Tenant;

/**
 * The one rule of what the register's personal-attribute handling does to data: on write,
 * {@code pseudonymise} replaces Property values by their keyed hash; in the history,
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
                attrs.put(a.getKey(), a.getValue().stream().map(this::pseudonymised).toList());
            }
        }
        return attrs == null ? e : e.withAttributes(attrs);
    }

    /** One instance as stored: Property values are hashed; other kinds keep their value (see docs/privacy.md). */
    public Attribute pseudonymised(Attribute a) {
        if (a.type() != AttributeType.PROPERTY || a.value() == null) {
            return a;
        }
        return a.withValue(settings.pseudonymiser().pseudonym(a.value()));
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
