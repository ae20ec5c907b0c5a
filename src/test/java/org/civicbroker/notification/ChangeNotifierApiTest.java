package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.notification.NotificationDeliveryApiTest.onChange;
import static org.civicbroker.notification.NotificationDeliveryApiTest.subscribe;
import static org.civicbroker.notification.NotificationDeliveryApiTest.vehicle;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civicbroker.events.ChangeConsumer.Entry;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.tenancy.Tenant;
import org.junit.jupiter.api.Test;

/**
 * The matcher judges a subscription's expiry at the time of the change, not of matching: the journal
 * can hand a change over late (a backlog, a replay after a restart), and a change made while the
 * subscription was live is still due to it.
 */
@QuarkusTest
class ChangeNotifierApiTest {

    @Inject
    ChangeNotifier notifier;

    @Inject
    EntityRepository entities;

    @Test
    void aChangeMadeBeforeExpiryIsNotifiedEvenWhenMatchedAfterIt() throws Exception {
        String tenant = newTenant();
        String id = newId("Vehicle");
        vehicle(tenant, id, 1);  // first, so that a cold application has answered once before the clock starts
        Instant expires = Instant.now().plusSeconds(6);  // in the future when the subscription is created, also on a busy machine
        subscribe(tenant, onChange(id, "http://localhost:9/unused", "keyValues", "application/json",
                "\"expiresAt\": \"" + expires + "\""));
        Entity stored = entities.find(new Tenant(tenant), id).await().atMost(Duration.ofSeconds(10)).entity();
        while (!Instant.now().isAfter(expires.plusMillis(100))) {
            Thread.sleep(50);
        }
        List<Pending> late = notifier.match(List.of(change(1, tenant, stored, expires.minusMillis(500))));
        List<Pending> after = notifier.match(List.of(change(2, tenant, stored, expires.plusMillis(1))));
        assertThat(late).hasSize(1);
        assertThat(after).isEmpty();
    }

    private static Entry change(long seq, String tenant, Entity e, Instant at) {
        return new Entry(seq, new EntityChange(tenant, Operation.CREATE, e.id(), null, e, at));
    }
}
