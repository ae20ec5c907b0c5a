package org.civicbroker.common.http;

/** Media types of the NGSI-LD API (clause 6.3.4 - 6.3.6). */
public final class MediaTypes {

    public static final String JSON = "application/json";
    public static final String JSON_LD = "application/ld+json";
    public static final String GEO_JSON = "application/geo+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String JSON_LD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context";

    private MediaTypes() {
    }
}
