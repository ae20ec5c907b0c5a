package org.civicbroker.events;

import java.util.List;

/**
 * Told of the changes of every successful entity write, on the request that made them, when they are
 * published ({@link ChangeEvents#publish(List)}): the one place all writes pass (entity API, batch
 * operations, purge, temporal writes' live state, imports). Must be quick and must not fail: it runs before
 * the write is acknowledged. Unlike a {@link ChangeConsumer}, it is not durable and sees only this instance's
 * writes; the ownership stamps use it to learn who made each change.
 */
public interface ChangeObserver {

    void published(List<EntityChange> changes);
}
