package org.civicbroker.entity;

import static org.civicbroker.entity.EntityMerges.indexOf;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributePatch;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;

/**
 * The operations on one attribute of an entity (clauses 5.6.4, 5.6.5, 5.6.19), applied to the model:
 * pure functions from the stored entity to the new one, null when the targeted instance does not exist
 * (the resource answers 404).
 */
public final class AttributeMerges {

    private AttributeMerges() {
    }

    /** Replace attribute (clause 5.6.19): the instance is replaced, keeping its createdAt. */
    public static Entity replaceAttribute(Entity stored, String iri, Attribute replacement, Instant now) {
        Map<String, List<Attribute>> result = stored.mutableAttributes();
        List<Attribute> current = result.get(iri);
        int i = current == null ? -1 : indexOf(current, replacement.datasetId());
        if (i < 0) {
            return null;
        }
        current.set(i, EntityMerges.stamp(replacement, current.get(i).createdAt(), now));
        return stored.withAttributes(result).withModifiedAt(now);
    }

    /**
     * Partial attribute update (clause 5.6.4, partial update patch of clause 5.5.8): given members
     * replace the stored ones, sub-attributes are merged, a {@code urn:ngsi-ld:null} value deletes the
     * instance. A fragment without type takes the stored attribute's; a type that differs from the stored
     * one is 400 (clause 5.6.4.4: the type of an attribute cannot change). Null when the instance does
     * not exist.
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
            throw NgsiException.badData("The fragment's type " + patch.type().term() + " differs from the stored "
                    + old.type().term() + "; the type of an attribute cannot change (clause 5.6.4)");
        }
        Attribute asAttribute = new Attribute(old.type(), patch.value() != null ? patch.value() : old.value(),
                old.datasetId(), patch.observedAt(), patch.unitCode(), patch.objectType(), null, null, patch.subAttributes());
        current.set(i, EntityMerges.mergeInstance(old, asAttribute, now));
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

    /** Delete attribute {@code scope} (clause 5.6.5.4): removes the entity's scope; null when it has none. */
    public static Entity deleteScope(Entity stored, Instant now) {
        if (stored.scopes().isEmpty()) {
            return null;
        }
        return new Entity(stored.id(), stored.types(), List.of(), stored.createdAt(), now, stored.attributes());
    }
}
