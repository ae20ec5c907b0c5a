package org.civicbroker.notification;

import io.smallrye.mutiny.Uni;
import org.civicbroker.subscription.Subscription;

/** Sends one rendered notification to an endpoint; fails when the endpoint did not accept it. */
interface Sender {

    Uni<Void> send(Subscription.Endpoint endpoint, Pending notification);
}
