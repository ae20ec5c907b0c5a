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

    /**
     * {@link #resolve} for the broker's own lookups: a context it keeps on behalf of a resource it holds (a stored
     * subscription's, when it is loaded, read back or notifies) or one it uses itself (a bundled model's at
     * start-up). The same result, but not counted as a hit of the stored @context documents (clause 5.13.3.5
     * numberOfHits counts the requests that name them and the Serve @context operations that find them).
     */
    default LdContext resolveHeld(JsonNode context) {
        return resolve(context);
    }

    /** {@link #resolveUrl} for a context the broker keeps on behalf of a resource (see {@link #resolveHeld}). */
    default LdContext resolveHeldUrl(String url) {
        return resolveUrl(url);
    }

    /**
     * The resource an inline context value was given with is gone: its implicitly created @context (clause
     * 5.13.1) is deleted. No-op for a URL or when there is none.
     */
    default void dropImplicit(JsonNode context) {
    }

    /**
     * Checks that a context value processes (400 or 503 as {@link #resolve}) without keeping anything for it:
     * an inline value checked this way gets no implicitly created @context (Add @context, clause 5.13.2,
     * stores the document as Hosted, and only that).
     */
    default void validate(JsonNode context) {
        resolve(context);
    }
}
