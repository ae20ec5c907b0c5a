package org.civicbroker.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.processor.ProcessingRuntime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.civicbroker.common.error.NgsiException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resolves request @context values with Titanium JSON-LD 1.1 and caches the processed result per
 * distinct context value, so a request with a known context does no JSON-LD processing at all.
 *
 * <p>Order (GS CIM 009 clause 5.5.7): the user's context(s) first, the core context last. The
 * core context is {@code @protected}; processing it last with override semantics makes its terms
 * win whatever the user context says, which is what the spec requires ("id", "type", "Property",
 * "observedAt"... keep their NGSI-LD meaning). Many published contexts also list the core URL and
 * then redefine a core term, which strict JSON-LD rejects (protected term redefinition); Orion-LD
 * and Scorpio accept them. Here a core URL met inside a user context loads an unprotected copy of
 * the core context, so the user context processes without error, and the protected core applied
 * at the end restores every core term.
 */
@ApplicationScoped
public class TitaniumContextResolver implements ContextResolver {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** The protected core context, applied inline (not by URL) as the last step of every resolution. */
    private static final JsonValue CORE_CONTEXT = JakartaJson.of(CoreContext.document().get("@context"));

    private final ContextCache contexts;
    private final Cache<String, TitaniumLdContext> processed;
    private final TitaniumLdContext core;
    /** Bumped on every reload/evict so a context processed concurrently is not cached stale. */
    private final AtomicLong generation = new AtomicLong();
    /** The base URL implicitly created contexts are served under (see PublicBaseUrl; set at start-up). */
    private volatile Supplier<String> baseUrl = () -> "http://localhost:1026";

    /**
     * The broker's resolver. Remote contexts are fetched only from the hosts the settings allow
     * ({@link ContextHosts}); loopback and private addresses are allowed when
     * {@code civic.jsonld.private-hosts} says so, and when it is unset, exactly while security is off (a
     * secured broker is hardened by default; the README's first run and test servers on localhost work).
     */
    @Inject
    public TitaniumContextResolver(
            @ConfigProperty(name = "civic.jsonld.fetch-timeout", defaultValue = "5S") Duration fetchTimeout,
            @ConfigProperty(name = "civic.jsonld.max-size", defaultValue = "1048576") int maxSize,
            @ConfigProperty(name = "civic.jsonld.cache-size", defaultValue = "500") int cacheSize,
            @ConfigProperty(name = "civic.jsonld.allowed-hosts") Optional<List<String>> allowedHosts,
            @ConfigProperty(name = "civic.jsonld.denied-hosts") Optional<List<String>> deniedHosts,
            @ConfigProperty(name = "civic.jsonld.private-hosts") Optional<Boolean> privateHosts,
            org.civicbroker.security.SecurityMode security, org.civicbroker.outgoing.OutgoingCredentials credentials) {
        this(new JsonLdConfig(fetchTimeout, maxSize, cacheSize, new ContextHosts(allowedHosts.orElse(List.of()),
                deniedHosts.orElse(List.of()), privateHosts.orElse(!security.enabled())),
                url -> credentials.authorizationNow(url.toString(), fetchTimeout)));
    }

    public TitaniumContextResolver(JsonLdConfig config) {
        this(new ContextCache(config), config.cacheSize());
    }

    TitaniumContextResolver(ContextCache contexts, int cacheSize) {
        this.contexts = contexts;
        this.processed = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.core = process(null, TextNode.valueOf(CoreContext.URL), Optional.of(CoreContext.URL), false);
        contexts.onChange(this::dependencyChanged);
    }

    /** The store of remote and hosted context documents (for the {@code /jsonldContexts} API). */
    public ContextCache contexts() {
        return contexts;
    }

    /** Where this broker is reached, for the URLs of the contexts it serves (clause 5.13). */
    public void baseUrl(Supplier<String> base) {
        this.baseUrl = base;
    }

    /** The URL under which this broker serves the hosted or implicit context {@code localId}. */
    public String servedUrl(String localId) {
        return ContextUrls.served(baseUrl.get(), localId);
    }

    @Override
    public LdContext core() {
        return core;
    }

    @Override
    public LdContext resolve(JsonNode context) {
        return resolve(context, true);
    }

    @Override
    public LdContext resolveHeld(JsonNode context) {
        return resolve(context, false);
    }

    @Override
    public LdContext resolveUrl(String url) {
        return resolveUrl(url, true);
    }

    @Override
    public LdContext resolveHeldUrl(String url) {
        return resolveUrl(url, false);
    }

    /**
     * Deletes the implicitly created @context of an inline context value (clause 5.13.1), when the resource it
     * was created for is gone; nothing for a URL or when none is held. A later request with the same inline
     * value creates it again (same content, same id).
     */
    @Override
    public void dropImplicit(JsonNode context) {
        if (context != null && (context.isObject() || context.isArray() && !singleUrl(context))) {
            contexts.delete(ContextUrls.implicitId(canonical(context)));
        }
    }

    @Override
    public void validate(JsonNode context) {
        if (context != null && (context.isObject() || context.isArray() && !singleUrl(context))) {
            process(context.deepCopy(), context.deepCopy(), Optional.empty(), true);
        } else {
            resolve(context);
        }
    }

    /** {@code counted}: a client request names the context (one hit, clause 5.13.3.5), not a re-resolution. */
    private LdContext resolve(JsonNode context, boolean counted) {
        if (context == null || context.isNull() || context.isMissingNode()) {
            return core;
        }
        if (context.isTextual()) {
            return resolveUrl(context.textValue(), counted);
        }
        if (singleUrl(context)) {
            // ["url"] is the context at url (JSON-LD 1.1 API 4.1.2): it has a URL of its own, no implicit copy is needed
            return resolveUrl(context.get(0).textValue(), counted);
        }
        if (!context.isObject() && !context.isArray()) {
            throw NgsiException.badData("@context must be a URL string, an object or an array, not " + context.getNodeType());
        }
        String canonical = canonical(context);
        return cached("json:" + canonical, context, Optional.of(canonical), counted);
    }

    private LdContext resolveUrl(String url, boolean counted) {
        if (url == null || CoreContext.isCoreUrl(url)) {
            // Any core version is served by the embedded copy, so report the URL actually applied.
            return core;
        }
        ContextFetcher.checkUrl(url);
        return cached("url:" + url, TextNode.valueOf(url), Optional.empty(), counted);
    }

    /** True for an array holding just one URL string: the same context as that URL. */
    public static boolean singleUrl(JsonNode context) {
        return context != null && context.isArray() && context.size() == 1 && context.get(0).isTextual();
    }

    /** {@code inlineCanonical}: the canonical form of an inline (object or array) context, else empty. */
    private LdContext cached(String key, JsonNode value, Optional<String> inlineCanonical, boolean counted) {
        TitaniumLdContext hit = processed.getIfPresent(key);
        if (hit != null && counted) {
            hit.remoteUrls().forEach(contexts::recordUse);
            if (hit.implicitId() != null) {
                contexts.recordLocalUse(hit.implicitId());
            }
        }
        if (hit != null) {
            return hit;
        }
        long before = generation.get();
        TitaniumLdContext fresh = inlineCanonical.isPresent()
                ? processInline(value, inlineCanonical.get(), counted)
                : process(value.deepCopy(), value.deepCopy(), Optional.of(value.textValue()), counted);
        if (generation.get() == before) {
            processed.put(key, fresh);
        }
        return fresh;
    }

    /**
     * An inline context (an object, or an array of URLs and objects) cannot be referenced from a Link
     * header as it is: clause 5.13.1 has the broker store it as an "ImplicitlyCreated" context and refer
     * to it by the URL it serves it at. The document is created when the inline context is first
     * processed, whether or not the response refers to it (and again when a response needs its URL after
     * it was deleted); its id is a content hash, so the URL is stable.
     */
    private TitaniumLdContext processInline(JsonNode value, String canonical, boolean counted) {
        TitaniumLdContext plain = process(value.deepCopy(), value.deepCopy(), Optional.empty(), counted);
        JsonNode stored = value.deepCopy();
        String id = ContextUrls.implicitId(canonical);
        if (counted && contexts.get(id).isPresent()) {
            contexts.recordLocalUse(id);  // found in the storage (clause 5.13.3.5); a document created now is not a hit
        }
        contexts.implicit(canonical, stored);
        Supplier<Optional<String>> link = () -> Optional.of(servedUrl(contexts.implicit(canonical, stored)));
        return plain.withLink(link, ContextUrls.implicitId(canonical));
    }

    private TitaniumLdContext process(JsonNode userContext, JsonNode contextValue, Optional<String> linkUrl, boolean counted) {
        TrackingDocumentLoader loader = new TrackingDocumentLoader(contexts, counted);
        JsonLdOptions options = new JsonLdOptions(loader);
        // Titanium's own caches would bypass our loader (use counts, reload and evict).
        options.setContextCache(null);
        options.setDocumentCache(null);
        ActiveContext active = new ActiveContext(ProcessingRuntime.of(options));
        try {
            if (userContext != null) {
                // Override semantics here too: a user array whose later entry redefines a term an
                // earlier entry protected is lenient-accepted, as Orion-LD and Scorpio do.
                active = active.newContext().overrideProtected(true).create(JakartaJson.of(userContext), null);
            }
            active = active.newContext().overrideProtected(true).create(CORE_CONTEXT, null);
        } catch (JsonLdError e) {
            throw NgsiException.badData("Invalid @context: " + describe(e));
        } catch (NgsiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Titanium signals some malformed inputs (bad URI syntax, unexpected value kinds) with
            // unchecked exceptions; they are still the client's context at fault, never a 500.
            throw NgsiException.badData("Invalid @context: " + e);
        }
        Set<String> remoteUrls = loader.remoteUrls();
        return new TitaniumLdContext(active, contextValue, linkUrl, remoteUrls);
    }

    /** {@code key}: the URL of a cached document or the local id of a hosted or implicit one. */
    private void dependencyChanged(String key) {
        generation.incrementAndGet();
        processed.asMap().values().removeIf(c -> key.equals(c.implicitId()) || c.remoteUrls().stream()
                .anyMatch(u -> u.equals(key) || ContextUrls.localIdIn(u).filter(key::equals).isPresent()));
    }

    /** Titanium wraps errors in nested remote contexts: report the innermost one, which names the problem. */
    private static String describe(JsonLdError error) {
        Throwable inner = error;
        while (inner.getCause() instanceof JsonLdError cause) {
            inner = cause;
        }
        return ((JsonLdError) inner).getCode() + (inner.getMessage() == null ? "" : " " + inner.getMessage());
    }

    /** Cache key for an inline context: key order in JSON objects carries no meaning. */
    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw NgsiException.badData("@context cannot be read: " + e.getOriginalMessage());
        }
    }
}
