package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A processed JSON-LD context: the user's context(s) with the NGSI-LD core context applied last
 * (its terms are protected). Instances are cached and immutable; expansion and compaction results
 * are memoised, so the hot path does no JSON-LD processing.
 */
public interface LdContext {

    /**
     * Expands a term used as an attribute name, entity type or vocab value (vocab-relative IRI
     * expansion, JSON-LD 1.1 clause 5.2.2 with vocab=true). Absolute IRIs and compact IRIs
     * ({@code prefix:suffix}) are expanded as JSON-LD does; unknown terms fall back to the core
     * context's {@code @vocab} (https://uri.etsi.org/ngsi-ld/default-context/).
     */
    String expand(String term);

    /** Compacts an IRI to the term (or compact IRI) this context defines for it, else returns it unchanged. */
    String compact(String iri);

    /**
     * The {@code @context} value to put into an {@code application/ld+json} response body: the user's
     * context reference(s) as received (a URL string, an object or an array), or the core context URL.
     */
    JsonNode contextValue();

    /**
     * The URL to send in a {@code Link} header with an {@code application/json} response, when the
     * context can be referenced by one URL (the user's single context URL, or the core context URL).
     */
    Optional<String> linkUrl();
}
