package org.civicbroker.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civicbroker.model.Attribute;
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
     * unless {@code noOverwrite}. Types are added. A scope replaces the entity's scope, or with
     * {@code noOverwrite} is added to it.
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
        // clause 5.6.3.4: with overwrite the fragment's scope replaces the entity's, without it is added
        List<String> newScopes = scopes == null ? stored.scopes() : noOverwrite ? union(stored.scopes(), scopes) : scopes;
        boolean changed = !updated.isEmpty() || !newTypes.equals(stored.types()) || !newScopes.equals(stored.scopes());
        if (!changed) {
            // The stored entity itself, so that callers see that there is nothing to write or announce.
            return new Outcome(stored, updated, notUpdated);
        }
        Entity e = new Entity(stored.id(), newTypes, newScopes, stored.createdAt(), now, result);
        return new Outcome(e, updated, notUpdated);
    }

    /**
     * Update attributes (clause 5.6.2 of V1.9.1, a partial update patch, clause 5.5.8): an instance with
     * the fragment's datasetId (none: the default instance) is replaced, keeping its createdAt, and
     * appended when there is none; {@code urn:ngsi-ld:null} deletes the instance (reported not updated when
     * there is none). Types are added. A scope replaces the entity's scope when it has one; otherwise it
     * is ignored and reported not updated.
     */
    public static Outcome update(Entity stored, Fragment f, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        Set<String> updated = new LinkedHashSet<>();
        Map<String, String> notUpdated = new LinkedHashMap<>();
        for (Fragment.Deletion d : f.deletions()) {
            List<Attribute> current = result.get(d.attribute());
            if (current != null && current.removeIf(c -> c.sameInstance(d.datasetId()))) {
                updated.add(d.attribute());
            } else {
                notUpdated.put(d.attribute(), d.datasetId() == null ? "there is no default instance to delete"
                        : "there is no instance with datasetId " + d.datasetId() + " to delete");
            }
        }
        f.attributes().forEach((iri, instances) -> {
            List<Attribute> current = result.computeIfAbsent(iri, k -> new ArrayList<>());
            for (Attribute a : instances) {
                int i = indexOf(current, a.datasetId());
                if (i >= 0) {
                    current.set(i, stamp(a, current.get(i).createdAt(), now));
                } else {
                    current.add(stamp(a, null, now));
                }
            }
            updated.add(iri);
        });
        List<String> scopes = stored.scopes();
        if (f.scopes() != null) {
            if (stored.scopes().isEmpty()) {
                notUpdated.put("scope", "the entity has no scope to update (clause 5.6.2.4)");
            } else {
                scopes = f.scopes();
            }
        }
        List<String> types = union(stored.types(), f.types());
        boolean changed = !updated.isEmpty() || !types.equals(stored.types()) || !scopes.equals(stored.scopes());
        Entity e = changed ? new Entity(stored.id(), types, scopes, stored.createdAt(), now, result) : stored;
        return new Outcome(e, List.copyOf(updated), notUpdated);
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

    static int indexOf(List<Attribute> instances, String datasetId) {
        for (int i = 0; i < instances.size(); i++) {
            if (Objects.equals(instances.get(i).datasetId(), datasetId)) {
                return i;
            }
        }
        return -1;
    }

    static List<String> union(List<String> a, List<String> b) {
        if (b == null || b.isEmpty()) {
            return a;
        }
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
