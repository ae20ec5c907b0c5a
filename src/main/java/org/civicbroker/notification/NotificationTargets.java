package org.civicbroker.notification;

import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionStats;

/**
 * Subscriptions other than the entity subscriptions whose notifications the {@link Dispatcher} delivers
 * (the registration subscriptions of clause 5.11), so they share its outbox, ordering and retries.
 * Their pending notifications name them with an id no entity subscription has (a prefix of their own).
 */
public interface NotificationTargets {

    /** The subscription a pending notification names, or null when it is not one of these. */
    Subscription find(String tenant, String subscriptionId);

    /** Its delivery statistics. */
    SubscriptionStats stats(String tenant, String subscriptionId);
}
