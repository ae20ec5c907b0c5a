package org.civicbroker.validation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Configuration of Smart Data Models validation (docs/validation.md). */
@ConfigMapping(prefix = "civic.validation")
public interface ValidationConfig {

    /** Mode for entity types that have a schema: off, warn or enforce. */
    @WithDefault("enforce")
    String defaultMode();

    /** Mode for entity types that have no schema: off, warn (store, warn) or enforce (refuse). */
    @WithDefault("off")
    String unknownTypes();

    /** Operator directory with schemas that add to or override the shipped ones (same layout). */
    Optional<String> schemaDir();

    /** Overrides: {@code "<tenant>/<Type>" -> mode}; see {@link ModePolicy}. */
    Map<String, String> modes();
}
