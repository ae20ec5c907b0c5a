package org.civicbroker.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageLinksTest {

    private static final String PATH = "/ngsi-ld/v1/entities";

    @Test
    void firstPageWithMoreHasOnlyNext() {
        assertThat(PageLinks.of(PATH, "type=Sensor&limit=2", new PageLinks.Page(0, 2, true), "application/json"))
                .containsExactly("</ngsi-ld/v1/entities?type=Sensor&limit=2&offset=2>; rel=\"next\"; type=\"application/json\"");
    }

    @Test
    void middlePageHasNextAndPrevAndKeepsOtherParametersAsSent() {
        assertThat(PageLinks.of(PATH, "type=Sensor&q=temperature%3E20&offset=4&limit=2&options=keyValues",
                new PageLinks.Page(4, 2, true), "application/ld+json"))
                .containsExactly(
                        "</ngsi-ld/v1/entities?type=Sensor&q=temperature%3E20&options=keyValues&limit=2&offset=6>; rel=\"next\"; type=\"application/ld+json\"",
                        "</ngsi-ld/v1/entities?type=Sensor&q=temperature%3E20&options=keyValues&limit=2&offset=2>; rel=\"prev\"; type=\"application/ld+json\"");
    }

    @Test
    void lastPageHasOnlyPrevNeverBelowZero() {
        assertThat(PageLinks.of(PATH, "type=Sensor&offset=1&limit=5", new PageLinks.Page(1, 5, false), null))
                .containsExactly("</ngsi-ld/v1/entities?type=Sensor&limit=5&offset=0>; rel=\"prev\"");
    }

    @Test
    void rawAngleBracketsAndQuotesAreEscapedInsideTheLink() {
        assertThat(PageLinks.of(PATH, "q=a>1;b<2;c==\"x y\"", new PageLinks.Page(0, 20, true), null))
                .containsExactly("</ngsi-ld/v1/entities?q=a%3E1;b%3C2;c==%22x%20y%22&limit=20&offset=20>; rel=\"next\"");
    }

    @Test
    void noLinksForOnePageCountOnlyOrNoPath() {
        assertThat(PageLinks.of(PATH, "type=Sensor", new PageLinks.Page(0, 20, false), null)).isEmpty();
        assertThat(PageLinks.of(PATH, "type=Sensor&limit=0&count=true", new PageLinks.Page(0, 0, true), null)).isEmpty();
        assertThat(PageLinks.of(null, "", new PageLinks.Page(0, 20, true), null)).isEmpty();
    }

    @Test
    void aTrailingSlashTheClientSentIsNotEchoed() {
        assertThat(PageLinks.of("/ngsi-ld/v1/subscriptions/", "limit=1&offset=1", new PageLinks.Page(1, 1, true), "application/json"))
                .containsExactly("</ngsi-ld/v1/subscriptions?limit=1&offset=2>; rel=\"next\"; type=\"application/json\"",
                        "</ngsi-ld/v1/subscriptions?limit=1&offset=0>; rel=\"prev\"; type=\"application/json\"");
    }
}
