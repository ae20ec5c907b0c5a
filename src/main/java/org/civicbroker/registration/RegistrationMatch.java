package org.civicbroker.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.query.q.QMatcher;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.lang.TypeQuery;

/**
 * Matching of an entity specification against registrations (clause 5.12), used by discovery, registration
 * subscriptions and distributed operations. Pure code.
 */
public final class RegistrationMatch {

    private RegistrationMatch() {
    }

    /**
     * Whether at least one RegistrationInfo of the registration matches (clause 5.12).
     *
     * @param ids entity ids asked for (empty = any)
     * @param type the selector of entity types (null = any)
     * @param idPattern the id pattern asked for (null = none)
     * @param attrs attribute IRIs asked for (empty = all attributes)
     */
    public static boolean matches(Registration r, Collection<String> ids, TypeQuery type, Pattern idPattern,
            Collection<String> attrs) {
        for (Registration.Info info : r.information()) {
            if (matches(info, ids, type, idPattern, attrs)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this one RegistrationInfo matches (clause 5.12); parameters as for the registration. */
    public static boolean matches(Registration.Info info, Collection<String> ids, TypeQuery type, Pattern idPattern,
            Collection<String> attrs) {
        return matchesEntities(info, ids, type, idPattern) && matchesAttributes(info, attrs);
    }

    static boolean matchesEntities(Registration.Info info, Collection<String> ids, TypeQuery type, Pattern idPattern) {
        if (info.entities().isEmpty()) {
            // only attributes registered: any entity may have them
            return true;
        }
        for (Registration.EntityInfo e : info.entities()) {
            if (type != null && !type.matches(e.types())) {
                continue;
            }
            if (matchesIds(e, ids, idPattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesIds(Registration.EntityInfo e, Collection<String> ids, Pattern idPattern) {
        boolean hasIds = ids != null && !ids.isEmpty();
        if (e.id() == null && e.idPattern() == null) {
            return true;
        }
        if (!hasIds && idPattern == null) {
            return true;
        }
        if (hasIds) {
            for (String id : ids) {
                if (e.coversId(id)) {
                    return true;
                }
            }
        }
        if (idPattern != null) {
            // both patterns: cannot in general tell whether an id matches both, so they match
            return e.id() == null || idPattern.matcher(e.id()).find();
        }
        return false;
    }

    static boolean matchesAttributes(Registration.Info info, Collection<String> attrs) {
        if (attrs == null || attrs.isEmpty()) {
            return true;
        }
        Set<String> registered = info.attributes();
        if (registered.isEmpty()) {
            return true;
        }
        for (String a : attrs) {
            if (registered.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The registration as an entity for the {@code q} and {@code csf} filters of discovery (clause 5.10.2):
     * each member that is no CSourceRegistration member of its own (the context source properties, clause
     * 5.2.9) is a Property with the member's value, named by the member expanded with the registration's
     * context.
     */
    public static Entity asEntity(Registration r, LdContext ctx) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.source().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!RegistrationRenderer.OWN_MEMBERS.contains(m.getKey()) && !m.getValue().isNull()) {
                attrs.put(ctx.expand(m.getKey()), List.of(Attribute.of(AttributeType.PROPERTY, m.getValue())));
            }
        }
        return new Entity(r.id(), List.of(RegistrationParser.TYPE), r.scopes(), r.createdAt(), r.modifiedAt(), attrs);
    }

    public static boolean matchesQ(QNode q, Registration r, LdContext ctx) {
        return q == null || QMatcher.matches(q, asEntity(r, ctx));
    }
}
