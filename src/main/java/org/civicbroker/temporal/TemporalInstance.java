package org.civicbroker.temporal;

import java.time.Instant;
import java.util.Objects;
import org.civicbroker.model.Attribute;

/**
 * One attribute instance of the temporal history (clause 4.5.7): the attribute as it was, its
 * {@code instanceId} and, for a deletion (clause 4.5.x deletedAt), the time it was deleted. A deletion
 * carries the NGSI-LD Null as value.
 *
 * @param attribute the instance; {@code createdAt}/{@code modifiedAt} are the instance's own timestamps
 */
public record TemporalInstance(String instanceId, Attribute attribute, Instant deletedAt) {

    public TemporalInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(attribute, "attribute");
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /**
     * The time that places the instance in a bucket: observedAt when present (what analysts query),
     * else the deletion time for a deletion, else createdAt.
     */
    public Instant bucketTime() {
        if (attribute.observedAt() != null) {
            return attribute.observedAt();
        }
        if (deletedAt != null) {
            return deletedAt;
        }
        return attribute.createdAt() != null ? attribute.createdAt() : Instant.EPOCH;
    }

    /** The time shown for the instance in a simplified/aggregated answer: the asked property, else bucketTime. */
    public Instant timeOr(TimeProperty p) {
        Instant t = p.of(this);
        return t != null ? t : bucketTime();
    }
}
