package org.civicbroker.validation;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides the validation mode of a write from configuration: per tenant and entity type overrides
 * ({@code civic.validation.modes."<tenant>/<Type>"=warn}), else the default mode for types bound to a
 * schema, else the mode for unknown types. Pure code.
 *
 * <p>Override keys: {@code <tenant>} is a tenant name, {@code @default} (the default tenant, which has
 * no name) or {@code *} (every tenant); {@code <Type>} is the model's short name (e.g.
 * {@code AirQualityObserved}), an expanded type IRI, or {@code *} (every bound type; unknown types
 * must be named). The most specific key wins: tenant+type, tenant+*, *+type, *+*.
 */
public final class ModePolicy {

    public static final String ANY = "*";
    public static final String DEFAULT_TENANT = "@default";
    static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";

    private final ValidationMode boundDefault;
    private final ValidationMode unknownDefault;
    /** tenant key -> type key -> mode. */
    private final Map<String, Map<String, ValidationMode>> overrides = new HashMap<>();

    public ModePolicy(ValidationMode boundDefault, ValidationMode unknownDefault, Map<String, String> modes) {
        this.boundDefault = boundDefault;
        this.unknownDefault = unknownDefault;
        modes.forEach((key, value) -> {
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1) {
                throw new IllegalArgumentException("civic.validation.modes key '" + key + "' must be <tenant>/<Type>");
            }
            overrides.computeIfAbsent(key.substring(0, slash), k -> new HashMap<>())
                    .put(key.substring(slash + 1), ValidationMode.parse(value));
        });
    }

    /**
     * @param tenant tenant name, null for the default tenant
     * @param typeIri the entity type (expanded IRI)
     * @param modelName the bound model's short name, or null when no schema is bound to the type
     */
    public ValidationMode mode(String tenant, String typeIri, String modelName) {
        String tenantKey = tenant == null ? DEFAULT_TENANT : tenant;
        for (String t : new String[] {tenantKey, ANY}) {
            Map<String, ValidationMode> byType = overrides.get(t);
            if (byType == null) {
                continue;
            }
            ValidationMode exact = byType(byType, typeIri, modelName);
            if (exact != null) {
                return exact;
            }
            if (modelName != null && byType.containsKey(ANY)) {
                return byType.get(ANY);
            }
        }
        return modelName != null ? boundDefault : unknownDefault;
    }

    private static ValidationMode byType(Map<String, ValidationMode> byType, String typeIri, String modelName) {
        ValidationMode m = byType.get(typeIri);
        if (m == null && modelName != null) {
            m = byType.get(modelName);
        }
        if (m == null && modelName == null && typeIri.startsWith(DEFAULT_VOCAB)) {
            m = byType.get(typeIri.substring(DEFAULT_VOCAB.length()));
        }
        return m;
    }
}
