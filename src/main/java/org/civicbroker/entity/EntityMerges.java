package org.civicbroker.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributePatch;
import org.civicbroker.model.Fragment;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.model.Entity;

/**
 * The update semantics of the entity provision operations (clause 5.6), applied to the model: pure
 * functions from the stored entity and the request's fragment to the new entity. System timestamps
 * follow clause 4.8: createdAt is kept for an instance that existed, modifiedAt is the operation time.
 */
public final class EntityMerges {

    /** Per-attribute outcome, for 207 Multi-Status UpdateResult bodies (clause 5.2.18). */
    public record Outcome(Entity entity, List<String> updated, Map<String, String> notUpdated) {
        public boolean changed() {
            return !updated.isEmpty();
        }
    }

    private EntityMerges() {
    }

    /** Sets createdAt/modifiedAt on a new entity and all its attributes. */
    public static Entity stampNew(Entity e, Instant now) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        e.attributes().forEach((k, v) -> attrs.put(k, v.stream().map(a -> stamp(a, null, now)).toList()));
        return new Entity(e.id(), e.types(), e.scopes(), now, now, attrs);
    }

    /** Replace entity (clause 5.6.18): everything new but the entity's createdAt. */
    public static Entity replace(Entity stored, Entity replacement, Instant now) {
        Entity fresh = stampNew(replacement, now);
        return new Entity(stored.id(), fresh.types(), fresh.scopes(), stored.createdAt(), now, fresh.attributes());
    }

    /**
     * Append (clause 5.6.3): adds the attributes; an existing instance (same datasetId) is overwritten
     * unless {@code noOverwrite}. Types are added; scopes, when given, are added too.
     */
    public static Outcome append(Entity stored, Fragment f, boolean noOverwrite, Instant now) {
        List<String> types = f.types();
        List<String> scopes = f.scopes();
        Map<String, List<Attribute>> attrs = f.attributes();
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<String> updated = new ArrayList<>();
        Map<String, String> notUpdated = new LinkedHashMap<>();
        attrs.forEach((iri, instances) -> {
            List<Attribute> current = result.computeIfAbsent(iri, k -> new ArrayList<>());
            boolean any = false;
            for (Attribute a : instances) {
                int i = indexOf(current, a.datasetId());
                if (i >= 0 && noOverwrite) {
                    notUpdated.put(iri, "attribute exists and noOverwrite was requested");
                    continue;
                }
                if (i >= 0) {
                    current.set(i, stamp(a, current.get(i).createdAt(), now));
                } else {
                    current.add(stamp(a, null, now));
                }
                any = true;
            }
            if (any) {
                updated.add(iri);
            }
        });
        List<String> newTypes = union(stored.types(), types);
        List<String> newScopes = scopes == null ? stored.scopes() : (noOverwrite && !stored.scopes().isEmpty() ? stored.scopes() : union(stored.scopes(), scopes));
        boolean changed = !updated.isEmpty() || !newTypes.equals(stored.types()) || !newScopes.equals(stored.scopes());
        if (!changed) {
            // The stored entity itself, so that callers see that there is nothing to write or announce.
            return new Outcome(stored, updated, notUpdated);
        }
        Entity e = new Entity(stored.id(), newTypes, newScopes, stored.createdAt(), now, result);
        return new Outcome(e, updated, notUpdated);
    }

    /** Update attributes (clause 5.6.2): only instances that exist (same datasetId) are replaced. */
    public static Outcome update(Entity stored, Map<String, List<Attribute>> attrs, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<String> updated = new ArrayList<>();
        Map<String, String> notUpdated = new LinkedHashMap<>();
        attrs.forEach((iri, instances) -> {
            List<Attribute> current = result.get(iri);
            boolean any = false;
            for (Attribute a : instances) {
                int i = current == null ? -1 : indexOf(current, a.datasetId());
                if (i < 0) {
                    notUpdated.put(iri, a.datasetId() == null ? "attribute does not exist"
                            : "attribute instance with datasetId " + a.datasetId() + " does not exist");
                    continue;
                }
                current.set(i, stamp(a, current.get(i).createdAt(), now));
                any = true;
            }
            if (any) {
                updated.add(iri);
            }
        });
        Entity e = new Entity(stored.id(), stored.types(), stored.scopes(), stored.createdAt(),
                updated.isEmpty() ? stored.modifiedAt() : now, result);
        return new Outcome(e, updated, notUpdated);
    }

    /**
     * Merge entity (clause 5.6.17, JSON merge-patch semantics): attributes are added or merged into the
     * existing instance (value and metadata replaced, sub-attributes merged); an attribute or
     * sub-attribute whose value is {@code urn:ngsi-ld:null} is deleted. Types are added; scopes replaced.
     */
    public static Entity merge(Entity stored, Fragment f, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        for (Fragment.Deletion d : f.deletions()) {
            List<Attribute> current = result.get(d.attribute());
            if (current != null) {
                current.removeIf(c -> c.sameInstance(d.datasetId()));
            }
        }
        f.attributes().forEach((iri, instances) -> {
            List<Attribute> current = result.computeIfAbsent(iri, k -> new ArrayList<>());
            for (Attribute a : instances) {
                if (isNull(a.value())) {
                    current.removeIf(c -> c.sameInstance(a.datasetId()));
                    continue;
                }
                int i = indexOf(current, a.datasetId());
                if (i >= 0) {
                    current.set(i, mergeInstance(current.get(i), a, now));
                } else {
                    current.add(stamp(withoutNullSubs(a), null, now));
                }
            }
        });
        return new Entity(stored.id(), union(stored.types(), f.types()), f.scopes() == null ? stored.scopes() : f.scopes(),
                stored.createdAt(), now, result);
    }

    /** Merges a patch into one attribute instance (used by merge entity and partial attribute update). */
    public static Attribute mergeInstance(Attribute old, Attribute patch, Instant now) {
        Map<String, Attribute> subs = new LinkedHashMap<>(old.subAttributes());
        patch.subAttributes().forEach((k, s) -> {
            if (isNull(s.value())) {
                subs.remove(k);
            } else {
                Attribute prev = subs.get(k);
                subs.put(k, prev == null ? stamp(s, null, now) : mergeInstance(prev, s, now));
            }
        });
        Attribute merged = new Attribute(patch.type(), patch.value(), old.datasetId(),
                patch.observedAt() != null ? patch.observedAt() : old.observedAt(),
                patch.unitCode() != null ? patch.unitCode() : old.unitCode(),
                patch.objectType() != null ? patch.objectType() : old.objectType(),
                old.createdAt(), now, subs);
        return merged;
    }

    /** Replace attribute (clause 5.6.19): the instance is replaced, keeping its createdAt. */
    public static Entity replaceAttribute(Entity stored, String iri, Attribute replacement, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<Attribute> current = result.get(iri);
        int i = current == null ? -1 : indexOf(current, replacement.datasetId());
        if (i < 0) {
            return null;
        }
        current.set(i, stamp(replacement, current.get(i).createdAt(), now));
        return stored.withAttributes(result).withModifiedAt(now);
    }

    /**
     * Partial attribute update (clause 5.6.4): given members replace the stored ones, sub-attributes
     * are merged, a {@code urn:ngsi-ld:null} value deletes the instance. Null when the instance does
     * not exist; 400 when the patch's type does not fit the stored attribute.
     */
    public static Entity patchAttribute(Entity stored, String iri, AttributePatch patch, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<Attribute> current = result.get(iri);
        int i = current == null ? -1 : indexOf(current, patch.datasetId());
        if (i < 0) {
            return null;
        }
        Attribute old = current.get(i);
        if (NgsiNull.isMarker(patch.value())) {
            current.remove(i);
            return stored.withAttributes(result).withModifiedAt(now);
        }
        if (!patch.compatibleWith(old.type())) {
            throw NgsiException.badData("The patch's type " + patch.type().term() + " does not fit the stored "
                    + old.type().term());
        }
        Attribute asAttribute = new Attribute(old.type(), patch.value() != null ? patch.value() : old.value(),
                old.datasetId(), patch.observedAt(), patch.unitCode(), patch.objectType(), null, null, patch.subAttributes());
        current.set(i, mergeInstance(old, asAttribute, now));
        return stored.withAttributes(result).withModifiedAt(now);
    }

    /**
     * Delete attribute (clause 5.6.5): the default instance, the instance with {@code datasetId}, or
     * every instance with {@code deleteAll}. Null when nothing matched.
     */
    public static Entity deleteAttribute(Entity stored, String iri, String datasetId, boolean deleteAll, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<Attribute> current = result.get(iri);
        if (current == null) {
            return null;
        }
        boolean removed = deleteAll ? !current.isEmpty() : current.removeIf(a -> a.sameInstance(datasetId));
        if (!removed) {
            return null;
        }
        if (deleteAll) {
            current.clear();
        }
        return stored.withAttributes(result).withModifiedAt(now);
    }

    static Attribute stamp(Attribute a, Instant createdAt, Instant now) {
        Map<String, Attribute> subs = new LinkedHashMap<>();
        a.subAttributes().forEach((k, s) -> subs.put(k, stamp(s, null, now)));
        return new Attribute(a.type(), a.value(), a.datasetId(), a.observedAt(), a.unitCode(), a.objectType(),
                createdAt == null ? now : createdAt, now, subs);
    }

    private static Attribute withoutNullSubs(Attribute a) {
        Map<String, Attribute> subs = new LinkedHashMap<>();
        a.subAttributes().forEach((k, s) -> {
            if (!isNull(s.value())) {
                subs.put(k, withoutNullSubs(s));
            }
        });
        return a.withSubAttributes(subs);
    }

    static boolean isNull(JsonNode v) {
        return NgsiNull.isMarker(v);
    }

    private static int indexOf(List<Attribute> instances, String datasetId) {
        for (int i = 0; i < instances.size(); i++) {
            if (Objects.equals(instances.get(i).datasetId(), datasetId)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (b == null || b.isEmpty()) {
            return a;
        }
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
