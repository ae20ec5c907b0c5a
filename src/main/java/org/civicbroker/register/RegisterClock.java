package org.civicbroker.register;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * The time of the register and of retention: version timestamps, disposal cutoffs. A bean of its own
 * so tests replace it (QuarkusMock) and move time without waiting.
 */
@ApplicationScoped
public class RegisterClock {

    public Clock clock() {
        return Clock.systemUTC();
    }

    public Instant now() {
        return clock().instant();
    }
}
