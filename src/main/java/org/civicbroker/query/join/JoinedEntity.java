package org.civicbroker.query.join;

import java.util.List;
import java.util.Objects;
import org.civicbroker.model.Entity;
import org.civicbroker.query.lang.Projection;

/**
 * One entity of a linked-entity retrieval (clause 4.5.23) with the projection that applies to it and,
 * per Relationship instance it was followed through, the linked entities found.
 *
 * @param entity the stored entity (not projected)
 * @param projection what of it the response shows: the request's projection for a linking entity,
 *     the nested projection of the Relationship ({@code rel{a,b}}, clause 4.21) for a linked one, or all
 * @param links the Relationship and ListRelationship instances whose targets were retrieved, in the
 *     entity's attribute order
 */
public record JoinedEntity(Entity entity, Projection projection, List<Link> links) {

    /**
     * The linked entities of one Relationship (or ListRelationship) instance, in the order of its object
     * URIs; targets that are not stored locally, or were met before, are absent (clause 4.5.23.1).
     *
     * @param attribute expanded Relationship IRI
     * @param datasetId the instance's datasetId, null for the default instance
     */
    public record Link(String attribute, String datasetId, List<JoinedEntity> targets) {
        public Link {
            Objects.requireNonNull(attribute, "attribute");
            targets = List.copyOf(targets);
        }
    }

    public JoinedEntity {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(projection, "projection");
        links = List.copyOf(links);
    }

    public String id() {
        return entity.id();
    }
}
