package org.civicbroker.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed entity fragment (append, update, merge-patch; clauses 5.6.3, 5.6.2, 5.6.17).
 *
 * @param types expanded entity types given in the fragment, possibly empty
 * @param scopes the scopes given, null when {@code scope} was absent; an empty list when merge-patch
 *     set {@code "scope": "urn:ngsi-ld:null"} (remove all scopes)
 * @param attributes expanded attribute IRI -> instances to write (never an empty list)
 * @param deletions merge-patch only: instances whose value was {@code urn:ngsi-ld:null}
 */
public record Fragment(
        List<String> types,
        List<String> scopes,
        Map<String, List<Attribute>> attributes,
        Set<Deletion> deletions) {

    /** Which operation the fragment is parsed for. */
    public enum Mode {
        /** POST /entities/{id}/attrs (clause 5.6.3). */
        APPEND,
        /** PATCH /entities/{id}/attrs (clause 5.6.2). */
        UPDATE,
        /** PATCH /entities/{id} (clause 5.6.17): accepts {@code urn:ngsi-ld:null} deletion markers. */
        MERGE_PATCH
    }

    /**
     * One attribute instance to delete.
     *
     * @param attribute expanded attribute IRI
     * @param datasetId the instance's datasetId; null designates the default instance
     */
    public record Deletion(String attribute, String datasetId) {
        public Deletion {
            Objects.requireNonNull(attribute, "attribute");
        }
    }

    public Fragment {
        types = types == null ? List.of() : List.copyOf(types);
        scopes = scopes == null ? null : List.copyOf(scopes);
        attributes = Entity.immutable(attributes);
        deletions = deletions == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(deletions));
    }

    /** The IRIs of the attributes that have at least one instance to delete. */
    public Set<String> deletedAttributes() {
        Set<String> names = new LinkedHashSet<>();
        deletions.forEach(d -> names.add(d.attribute()));
        return names;
    }
}
