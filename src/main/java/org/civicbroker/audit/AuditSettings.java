package org.civicbroker.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The audit collection's settings (docs/security.md, "Audit"). */
@ConfigMapping(prefix = "civic.audit")
public interface AuditSettings {

    /** How long audit records are kept; older ones are deleted hourly. {@code 0}: not recorded in the database. */
    @WithDefault("P90D")
    Duration retention();
}
