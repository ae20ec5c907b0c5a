package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;

/** Resolves @context values to processed, cached {@link LdContext}s. */
public interface ContextResolver {

    /** The NGSI-LD core context alone (what applies when a request carries no context). */
    LdContext core();

    /**
     * Resolves a context value: a URL string, an inline object, or an array of those; null or a
     * missing node means the core context alone. The core context is always applied last.
     *
     * @throws org.civicbroker.common.error.NgsiException LD_CONTEXT_NOT_AVAILABLE (503) when a remote
     *     context cannot be fetched, BAD_REQUEST_DATA (400) when the context is not a valid JSON-LD context
     */
    LdContext resolve(JsonNode context);

    /** Resolves the context referenced by a Link header URL (null = core context alone). */
    LdContext resolveUrl(String url);
}
