package org.civicbroker.notification;

import java.util.Collection;
import java.util.Map;
import org.civicbroker.model.Entity;

/**
 * Where a notification finds the Linked Entities its Relationships point to (clause 4.5.23, notification
 * {@code join}). Only locally stored entities are retrievable (clause 4.5.23.1). Behind an interface so that
 * notifiers other than the subscription matcher (federation) and other stores can supply them.
 */
public interface LinkedEntities {

    /** The stored entities of the tenant with these ids; ids with no entity are left out. */
    Map<String, Entity> find(String tenant, Collection<String> ids);

    /** No linked entity is retrievable. */
    LinkedEntities NONE = (tenant, ids) -> Map.of();
}
