package org.civicbroker.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicbroker.validation.ValidationMode.ENFORCE;
import static org.civicbroker.validation.ValidationMode.OFF;
import static org.civicbroker.validation.ValidationMode.WARN;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModePolicyTest {

    static final String AQO = "https://smartdatamodels.org/dataModel.Environment/AirQualityObserved";
    static final String SHOP = "https://uri.etsi.org/ngsi-ld/default-context/Shop";

    @Test
    void defaultsForBoundAndUnknownTypes() {
        ModePolicy p = new ModePolicy(ENFORCE, OFF, Map.of());
        assertThat(p.mode("camden", AQO, "AirQualityObserved")).isEqualTo(ENFORCE);
        assertThat(p.mode("camden", SHOP, null)).isEqualTo(OFF);
        assertThat(new ModePolicy(WARN, ENFORCE, Map.of()).mode(null, SHOP, null)).isEqualTo(ENFORCE);
    }

    @Test
    void theMostSpecificOverrideWins() {
        ModePolicy p = new ModePolicy(ENFORCE, OFF, Map.of(
                "*/*", "warn",
                "*/AirQualityObserved", "off",
                "camden/*", "enforce",
                "camden/" + AQO, "warn",
                "@default/AirQualityObserved", "enforce"));
        assertThat(p.mode("camden", AQO, "AirQualityObserved")).isEqualTo(WARN);
        assertThat(p.mode("camden", "https://x/Other", "Other")).isEqualTo(ENFORCE);
        assertThat(p.mode("hackney", AQO, "AirQualityObserved")).isEqualTo(OFF);
        assertThat(p.mode("hackney", "https://x/Other", "Other")).isEqualTo(WARN);
        assertThat(p.mode(null, AQO, "AirQualityObserved")).isEqualTo(ENFORCE);
    }

    @Test
    void wildcardsCoverBoundTypesOnlyAndUnknownTypesAreNamed() {
        ModePolicy p = new ModePolicy(ENFORCE, OFF, Map.of("*/*", "warn", "islington/Shop", "enforce"));
        assertThat(p.mode("camden", SHOP, null)).isEqualTo(OFF);
        assertThat(p.mode("islington", SHOP, null)).isEqualTo(ENFORCE);
        assertThat(p.mode("islington", "https://elsewhere/Shop", null)).isEqualTo(OFF);
    }

    @Test
    void badConfigurationIsRefused() {
        assertThatThrownBy(() -> new ModePolicy(ENFORCE, OFF, Map.of("camden", "warn")))
                .hasMessageContaining("<tenant>/<Type>");
        assertThatThrownBy(() -> new ModePolicy(ENFORCE, OFF, Map.of("camden/X", "loud")))
                .hasMessageContaining("off, warn or enforce");
        assertThat(ValidationMode.parse(" Warn ")).isEqualTo(WARN);
    }
}
