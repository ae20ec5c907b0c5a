package org.civicbroker.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void splitsAtAmpersandOnlyAndKeepsSemicolons() {
        var p = QueryString.parse("type=A;B&q=a>1;b<2&georel=near;maxDistance==100&orderBy=x;desc");
        assertThat(p.getFirst("type")).isEqualTo("A;B");
        assertThat(p.getFirst("q")).isEqualTo("a>1;b<2");
        assertThat(p.getFirst("georel")).isEqualTo("near;maxDistance==100");
        assertThat(p.getFirst("orderBy")).isEqualTo("x;desc");
    }

    @Test
    void decodesPercentEscapes() {
        var p = QueryString.parse("q=observedAt%3E2026-01-01T00:00:00%2B01:00&scopeQ=/London/%2B/x&name=caf%C3%A9");
        assertThat(p.getFirst("q")).isEqualTo("observedAt>2026-01-01T00:00:00+01:00");
        assertThat(p.getFirst("scopeQ")).isEqualTo("/London/+/x");
        assertThat(p.getFirst("name")).isEqualTo("café");
    }

    @Test
    void plusIsASpaceAsInFormEncoding() {
        var p = QueryString.parse("q=name%3D%3D%22Eiffel+Tower%22&coordinates=%5B13.3986%2C+52.5547%5D&x=a+b");
        assertThat(p.getFirst("q")).isEqualTo("name==\"Eiffel Tower\"");
        assertThat(p.getFirst("coordinates")).isEqualTo("[13.3986, 52.5547]");
        assertThat(p.getFirst("x")).isEqualTo("a b");
    }

    @Test
    void repeatedAndEmptyParameters() {
        var p = QueryString.parse("a=1&&a=2&flag");
        assertThat(p.get("a")).containsExactly("1", "2");
        assertThat(p.getFirst("flag")).isEmpty();
        assertThat(QueryString.parse(null)).isEmpty();
    }

    @Test
    void malformedEscapeIs400() {
        assertThatThrownBy(() -> QueryString.parse("q=a%G1")).isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> QueryString.parse("q=a%4")).isInstanceOf(NgsiException.class);
    }
}
