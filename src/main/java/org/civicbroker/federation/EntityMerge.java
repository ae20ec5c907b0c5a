package org.civicbroker.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.registration.Mode;

/**
 * Merges the views of one entity from this broker and from context sources (clause 4.3.6): types and scopes
 * are united; an attribute from an inclusive source adds the instances (datasetIds, clause 4.5.5) this
 * broker does not have, and where both have the same instance the more recently observed (or modified) one
 * is kept; an exclusive or redirect source owns the attributes it sends (they replace the local ones);
 * an auxiliary source only fills attributes nobody else provided. Pure code.
 */
public final class EntityMerge {

    /** One source's view of an entity and the mode of the registration it came through. */
    public record Part(Entity entity, Mode mode) {
    }

    private EntityMerge() {
    }

    /** The merged entity, or null when no part holds it. */
    public static Entity merge(Entity local, List<Part> remote) {
        Entity out = local;
        List<Part> ordered = new ArrayList<>();
        remote.stream().filter(p -> p.mode() != Mode.AUXILIARY).forEach(ordered::add);
        remote.stream().filter(p -> p.mode() == Mode.AUXILIARY).forEach(ordered::add);
        for (Part p : ordered) {
            out = out == null ? p.entity() : merge(out, p.entity(), p.mode());
        }
        return out;
    }

    static Entity merge(Entity base, Entity other, Mode mode) {
        Set<String> types = new LinkedHashSet<>(base.types());
        types.addAll(other.types());
        Set<String> scopes = new LinkedHashSet<>(base.scopes());
        if (mode != Mode.AUXILIARY) {
            scopes.addAll(other.scopes());
        }
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>(base.attributes());
        other.attributes().forEach((iri, instances) -> {
            List<Attribute> mine = attrs.get(iri);
            if (mine == null) {
                attrs.put(iri, instances);
            } else if (mode.proxied()) {
                attrs.put(iri, instances);
            } else if (mode == Mode.INCLUSIVE) {
                attrs.put(iri, instances(mine, instances));
            }
        });
        return new Entity(base.id(), new ArrayList<>(types), new ArrayList<>(scopes), base.createdAt(),
                latest(base.modifiedAt(), other.modifiedAt()), attrs);
    }

    private static List<Attribute> instances(List<Attribute> mine, List<Attribute> theirs) {
        List<Attribute> out = new ArrayList<>(mine);
        for (Attribute t : theirs) {
            int i = indexOf(out, t.datasetId());
            if (i < 0) {
                out.add(t);
            } else if (newer(t, out.get(i))) {
                out.set(i, t);
            }
        }
        return out;
    }

    private static int indexOf(List<Attribute> list, String datasetId) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(list.get(i).datasetId(), datasetId)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean newer(Attribute a, Attribute b) {
        java.time.Instant ta = a.observedAt() != null ? a.observedAt() : a.modifiedAt();
        java.time.Instant tb = b.observedAt() != null ? b.observedAt() : b.modifiedAt();
        return ta != null && (tb == null || ta.isAfter(tb));
    }

    private static java.time.Instant latest(java.time.Instant a, java.time.Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
