package org.civicbroker.jsonld;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicBaseUrlTest {

    private final TitaniumContextResolver resolver = new TitaniumContextResolver(JsonLdConfig.defaults());

    @Test
    void theConfiguredBaseWinsWithoutItsTrailingSlash() {
        PublicBaseUrl base = new PublicBaseUrl(Optional.of(" https://broker.example.org/ "), 1026, resolver);
        base.onStart(null);

        assertThat(base.current()).isEqualTo("https://broker.example.org");
        assertThat(resolver.servedUrl("abc")).isEqualTo("https://broker.example.org/ngsi-ld/v1/jsonldContexts/abc");
    }

    @Test
    void outsideARequestTheLocalPortIsUsed() {
        assertThat(new PublicBaseUrl(Optional.empty(), 1030, resolver).current()).isEqualTo("http://localhost:1030");
        assertThat(new PublicBaseUrl(Optional.of("  "), 1026, resolver).current()).isEqualTo("http://localhost:1026");
    }
}
