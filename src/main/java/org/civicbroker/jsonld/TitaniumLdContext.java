package org.civicbroker.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.compaction.UriCompaction;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.expansion.UriExpansion;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.civicbroker.common.error.NgsiException;

/**
 * An {@link LdContext} backed by a Titanium active context. Expansion and compaction run the
 * JSON-LD 1.1 algorithms once per distinct input (IRI Expansion, API clause 5.2.2 and IRI
 * Compaction, clause 6.2.2, both vocab-relative) and memoise the result.
 *
 * <p>The active context is never modified after construction and its inverse context is built up
 * front, so concurrent expand/compact calls only read it.
 */
final class TitaniumLdContext implements LdContext {

    /**
     * Terms come from request payloads: cap each memo so a client sending endless distinct
     * attribute names cannot grow it without bound. Past the cap results are computed, not stored.
     */
    static final int MEMO_LIMIT = 4_096;

    private final ActiveContext active;
    private final JsonNode contextValue;
    private final Supplier<Optional<String>> linkUrl;
    /** Local id of the implicitly created context this inline context is served as, or null. */
    private final String implicitId;
    private final Set<String> remoteUrls;
    /** IRI (or keyword) to the term defined for it, whatever the term's @type or @container. */
    private final Map<String, String> termsByIri;
    private final Map<String, String> expanded = new ConcurrentHashMap<>();
    private final Map<String, String> compacted = new ConcurrentHashMap<>();

    TitaniumLdContext(ActiveContext active, JsonNode contextValue, Optional<String> linkUrl, Set<String> remoteUrls) {
        this(active, contextValue, () -> linkUrl, null, remoteUrls);
    }

    /** {@code linkUrl} is computed per call: the URL of an implicit context depends on the request's base. */
    TitaniumLdContext(ActiveContext active, JsonNode contextValue, Supplier<Optional<String>> linkUrl, String implicitId,
            Set<String> remoteUrls) {
        this.active = active;
        this.contextValue = contextValue;
        this.linkUrl = linkUrl;
        this.implicitId = implicitId;
        this.remoteUrls = remoteUrls;
        if (active.getInverseContext() == null) {
            active.createInverseContext();
        }
        this.termsByIri = termsByIri(active);
    }

    @Override
    public String expand(String term) {
        return memo(expanded, Objects.requireNonNull(term, "term"), this::computeExpand);
    }

    /**
     * Attribute names and types are compacted without a value. JSON-LD IRI compaction without a
     * value only selects terms that have no @type/@container (so {@code observedAt}, typed
     * DateTime in the core context, would come back as {@code ngsi-ld:observedAt}); brokers
     * compact names by term definition alone. So a term defined for exactly this IRI wins; only
     * other IRIs go through the JSON-LD algorithm (compact IRIs, @vocab-relative terms).
     */
    @Override
    public String compact(String iri) {
        String term = termsByIri.get(Objects.requireNonNull(iri, "iri"));
        return term != null ? term : memo(compacted, iri, this::computeCompact);
    }

    @Override
    public JsonNode contextValue() {
        return contextValue.deepCopy();
    }

    @Override
    public Optional<String> linkUrl() {
        return linkUrl.get();
    }

    /** The same processed context, referenced by {@code link} as the implicit context {@code id}. */
    TitaniumLdContext withLink(Supplier<Optional<String>> link, String id) {
        return new TitaniumLdContext(active, contextValue, link, id, remoteUrls);
    }

    String implicitId() {
        return implicitId;
    }

    /** Remote documents this context was built from (not the embedded core context). */
    Set<String> remoteUrls() {
        return remoteUrls;
    }

    private String computeExpand(String term) {
        String iri;
        try {
            iri = UriExpansion.with(active).vocab(true).documentRelative(false).expand(term);
        } catch (JsonLdError e) {
            throw NgsiException.badData("Cannot expand '" + term + "': " + e.getMessage());
        }
        // A context may map a term to null (JSON-LD: "do not expand"). NGSI-LD needs an IRI for
        // every attribute and type, so such a term falls back to the core @vocab, as a term no
        // context defines would.
        return iri == null ? CoreContext.DEFAULT_VOCAB + term : iri;
    }

    private String computeCompact(String iri) {
        try {
            String term = UriCompaction.with(active).vocab(true).compact(iri);
            return term == null ? iri : term;
        } catch (JsonLdError e) {
            throw NgsiException.badData("Cannot compact '" + iri + "': " + e.getMessage());
        }
    }

    private static Map<String, String> termsByIri(ActiveContext active) {
        Map<String, String> terms = new HashMap<>();
        active.getTermsMapping().forEach((term, definition) -> {
            String iri = definition.getUriMapping();
            if (iri != null && !definition.isReverseProperty()) {
                terms.merge(iri, term, TitaniumLdContext::preferredTerm);
            }
        });
        return Map.copyOf(terms);
    }

    /** JSON-LD 1.1 term selection order: the shortest term, then the lexicographically least. */
    private static String preferredTerm(String a, String b) {
        if (a.length() != b.length()) {
            return a.length() < b.length() ? a : b;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String memo(Map<String, String> memo, String key, Function<String, String> compute) {
        String hit = memo.get(key);
        if (hit != null) {
            return hit;
        }
        String value = compute.apply(key);
        if (memo.size() < MEMO_LIMIT) {
            memo.putIfAbsent(key, value);
        }
        return value;
    }
}
