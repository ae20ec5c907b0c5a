package org.civicbroker.jsonld;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;

/**
 * The broker's store of @context documents, the model behind the {@code /jsonldContexts} API (GS CIM
 * 009 clause 5.13.1 kinds): "Cached" copies of remote documents (fetched on first use, bounded, least
 * recently used evicted; bundled copies of public contexts shipped with the broker are listed as
 * Cached too), "Hosted" documents added by clients and "ImplicitlyCreated" documents the broker made
 * from inline contexts. Hosted and implicit documents are kept until deleted and are addressed by a
 * local id; the broker serves them at {@link ContextUrls#PATH}{@code <localId>} and resolves such
 * URLs from memory, never over HTTP. The embedded core context is listed as a Cached copy of its canonical
 * URL (clause 5.13.1: the broker holds it as a local copy of a remote document); any versioned core URL
 * names it, and it can be neither deleted nor replaced (clause 5.5.7: it is part of every request).
 */
public final class ContextCache {

    /** Clause 5.13.1 kinds, with the names the API uses. */
    public enum Kind {
        HOSTED("Hosted"), IMPLICITLY_CREATED("ImplicitlyCreated"), CACHED("Cached");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The kind named {@code label} (case-insensitive), if any. */
        public static Optional<Kind> of(String label) {
            for (Kind k : values()) {
                if (k.label.equalsIgnoreCase(label)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A snapshot of one held document. {@code url} is the origin URL of a cached copy, null for hosted
     * and implicit documents (their URL depends on the base the broker is reached at); {@code bundled}
     * marks a copy shipped with the broker; {@code lastUsage} is null until first used.
     */
    public record Entry(String url, String localId, Kind kind, boolean bundled, Instant createdAt, Instant lastUsage,
            long uses, JsonNode document) {

        /** The NGSI-LD core context built into the broker (its use is not counted: every request uses it). */
        public boolean core() {
            return CoreContext.URL.equals(url);
        }
    }

    /** Persistence of hosted and implicit documents (see ContextStore); no-op by default. */
    public interface Listener {
        void created(Entry entry);

        void deleted(Entry entry);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContextFetcher fetcher;
    private final Clock clock;
    private final int maxLocal;
    private final Cache<String, HeldContext> cached;
    /** Fetches under way, so that concurrent first requests for one URL share a single fetch. */
    private final Map<String, CompletableFuture<HeldContext>> inFlight = new ConcurrentHashMap<>();
    /** Hosted and implicitly created documents by local id. */
    private final Map<String, HeldContext> local = new ConcurrentHashMap<>();
    /** Local copies of public contexts shipped with the broker (e.g. Smart Data Models): never evicted. */
    private final Map<String, HeldContext> bundled = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();
    /** The embedded core context, listed as a cached copy of {@link CoreContext#URL}. */
    private final HeldContext core;
    private volatile Listener listener = new Listener() {
        @Override
        public void created(Entry entry) {
        }

        @Override
        public void deleted(Entry entry) {
        }
    };

    public ContextCache(JsonLdConfig config) {
        this(new ContextFetcher(config.fetchTimeout(), config.maxSize(), config.hosts(), config.credentials()), config.cacheSize(),
                Clock.systemUTC());
    }

    ContextCache(ContextFetcher fetcher, int size, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.maxLocal = Math.max(size, 1) * 4;
        // Fetches run outside the cache (see load): a compute inside Caffeine would hold a lock on
        // its hash bin for the whole fetch, and a failed async load is logged as a warning.
        this.cached = Caffeine.newBuilder().maximumSize(size).build();
        this.core = HeldContext.of(CoreContext.URL, ContextUrls.cachedId(CoreContext.URL), Kind.CACHED, true,
                CoreContext.document(), clock.instant());
    }

    /** Receives hosted and implicit documents as they are created and deleted (for persistence). */
    public void listener(Listener l) {
        this.listener = l;
    }

    /** All held documents: hosted, implicit, then cached; by creation time within a kind. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        out.add(core.snapshot());
        local.values().forEach(s -> out.add(s.snapshot()));
        bundled.values().forEach(s -> out.add(s.snapshot()));
        cached.asMap().values().forEach(s -> out.add(s.snapshot()));
        out.sort(Comparator.comparing(Entry::kind).thenComparing(Entry::createdAt).thenComparing(Entry::localId));
        return out;
    }

    /** The document with this local id, or held for this URL (a cached origin URL or a served URL). */
    public Optional<Entry> get(String idOrUrl) {
        return Optional.ofNullable(find(idOrUrl)).map(HeldContext::snapshot);
    }

    /**
     * Serve @context (clause 5.13.4): the entry as found, then counted as one hit. Clause 5.13.3.5 defines
     * numberOfHits as the number of times the @context was found in the storage, and serving it (its
     * content or its details) finds it there; the answer reports the entry as it was when found, so the
     * lookup it answers is counted from the next one on. The core context is not counted (see Entry#core).
     */
    public Optional<Entry> serve(String idOrUrl) {
        HeldContext held = find(idOrUrl);
        if (held == null) {
            return Optional.empty();
        }
        Entry found = held.snapshot();
        if (held != core) {
            held.used(clock.instant());
        }
        return Optional.of(found);
    }

    /** Adds a client-provided document (clause 5.13.2) under a new random local id. */
    public Entry host(JsonNode document) {
        HeldContext held = HeldContext.of(null, UUID.randomUUID().toString(), Kind.HOSTED, false, parse("the body", document), clock.instant());
        local.put(held.localId(), held);
        listener.created(held.snapshot());
        return held.snapshot();
    }

    /**
     * The local id of the implicitly created context holding {@code contextValue} (clause 5.13.1),
     * creating it on first call. Ids are content hashes of {@code canonical}, so one inline context
     * value is stored once however often it is used. The number of implicit documents is capped; past
     * the cap the least recently used one is dropped (it is created again when used again).
     */
    public String implicit(String canonical, JsonNode contextValue) {
        String id = ContextUrls.implicitId(canonical);
        if (local.containsKey(id)) {
            return id;
        }
        JsonNode document = MAPPER.createObjectNode().set("@context", contextValue.deepCopy());
        HeldContext held = HeldContext.of(null, id, Kind.IMPLICITLY_CREATED, false, document, clock.instant());
        if (local.putIfAbsent(id, held) == null) {
            listener.created(held.snapshot());
            trimImplicit();
        }
        return id;
    }

    /** Puts back a hosted or implicit document read from the store at start-up (no listener call). */
    public void restore(String localId, Kind kind, Instant createdAt, JsonNode document) {
        if (kind == Kind.CACHED) {
            throw new IllegalArgumentException("cached copies are not restored");
        }
        local.put(localId, HeldContext.of(null, localId, kind, false, parse(localId, document), createdAt));
        changed(localId);
    }

    /**
     * Serves {@code document} for the public URL {@code url} without fetching it: for the contexts the
     * broker ships (the Smart Data Models ones), so their payloads work with no network access. Listed
     * as a cached copy of that URL.
     */
    public Entry bundle(String url, JsonNode document) {
        HeldContext held = HeldContext.of(url, ContextUrls.cachedId(url), Kind.CACHED, true, parse(url, document), clock.instant());
        bundled.put(url, held);
        changed(url);
        return held.snapshot();
    }

    /**
     * Fetches a cached document again and replaces the held copy (clause 5.13.5, reload=true). On
     * failure the old copy stays and the error (503 LdContextNotAvailable) is thrown. Hosted and implicit
     * documents have no origin to reload from: BadRequestData.
     */
    public Entry reload(String idOrUrl) {
        HeldContext held = find(idOrUrl);
        if (held == null || held.kind() != Kind.CACHED) {
            // Clause 5.13.5.4: reload=true on anything that is not a Cached @context is BadRequestData; an id
            // the broker does not hold names no Cached @context either (the ETSI suite expects 400 for it too).
            throw NgsiException.badData(held == null ? "No cached @context " + idOrUrl + " is held by the broker: only a cached copy can be reloaded"
                    : "@context " + idOrUrl + " is " + held.kind().label() + ": it has no origin to reload from");
        }
        if (held == core) {
            return core.snapshot();  // built in, never fetched (clause 5.5.7): reloading it keeps the embedded copy
        }
        HeldContext fresh;
        try {
            fresh = download(held.url(), held.bundled());
        } catch (NgsiException e) {
            // clause 5.13.5.4: a download that fails or is not a valid @context is LdContextNotAvailable; the copy stays
            throw e.type() == ErrorType.LD_CONTEXT_NOT_AVAILABLE ? e
                    : new NgsiException(ErrorType.LD_CONTEXT_NOT_AVAILABLE, "Reloading @context " + held.url() + " failed: " + e.getMessage());
        }
        (held.bundled() ? bundled : cached.asMap()).put(held.url(), fresh);
        changed(held.url());
        return fresh.snapshot();
    }

    /** Removes a document (clause 5.13.5); the next use of a cached URL fetches it again. */
    public Optional<Entry> delete(String idOrUrl) {
        HeldContext held = find(idOrUrl);
        if (held == null) {
            return Optional.empty();
        }
        if (held == core) {
            throw NgsiException.badData("The NGSI-LD core @context is part of the broker and cannot be deleted");
        }
        boolean removed;
        if (held.kind() != Kind.CACHED) {
            removed = local.remove(held.localId(), held);
            if (removed) {
                listener.deleted(held.snapshot());
            }
        } else {
            removed = (held.bundled() ? bundled : cached.asMap()).remove(held.url(), held);
        }
        if (!removed) {
            return Optional.empty();
        }
        changed(held.url() != null ? held.url() : held.localId());
        return Optional.of(held.snapshot());
    }

    /** Removes a document by URL or id; true when something was removed. */
    public boolean evict(String idOrUrl) {
        return delete(idOrUrl).isPresent();
    }

    /**
     * The document for a context URL (held, else fetched now); {@code counted}: one hit (clause 5.13.3.5),
     * for a client request that names the context, not for the broker's own re-resolution of a context it
     * keeps on behalf of a resource (a subscription's, at notification time).
     */
    JsonValue load(String url, boolean counted) {
        HeldContext held = peek(url);
        if (held == null) {
            held = fetchOnce(url);
        }
        if (counted) {
            held.used(clock.instant());
        }
        return held.jakarta();
    }

    /** Failures are not cached: the next request tries again (the origin may be back). */
    private HeldContext fetchOnce(String url) {
        CompletableFuture<HeldContext> mine = new CompletableFuture<>();
        CompletableFuture<HeldContext> running = inFlight.putIfAbsent(url, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            HeldContext fresh = download(url, false);
            cached.put(url, fresh);
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(url, mine);
        }
    }

    /** Counts a use of an already processed context that depends on this URL. */
    void recordUse(String url) {
        HeldContext held = peek(url);
        if (held != null) {
            held.used(clock.instant());
        }
    }

    /** Counts a use of an implicitly created context (its URL was handed out again). */
    void recordLocalUse(String localId) {
        HeldContext held = local.get(localId);
        if (held != null) {
            held.used(clock.instant());
        }
    }

    /**
     * Called with the URL (cached) or local id (hosted, implicit) whenever a document is added, replaced
     * or removed, so processed contexts depending on it can be dropped.
     */
    void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    /** The held document a context URL refers to: a served URL of a local document, a bundled or cached copy. */
    private HeldContext peek(String url) {
        Optional<String> id = ContextUrls.localIdIn(url);
        if (id.isPresent()) {
            HeldContext held = local.get(id.get());
            if (held != null) {
                return held;
            }
        }
        HeldContext held = bundled.get(url);
        return held != null ? held : cached.getIfPresent(url);
    }

    private HeldContext find(String idOrUrl) {
        if (CoreContext.isCoreUrl(idOrUrl) || core.localId().equals(idOrUrl)) {
            return core;
        }
        HeldContext held = local.get(idOrUrl);
        if (held == null) {
            held = peek(idOrUrl);
        }
        if (held == null) {
            held = bundled.values().stream().filter(h -> h.localId().equals(idOrUrl)).findFirst()
                    .orElseGet(() -> cached.asMap().values().stream().filter(h -> h.localId().equals(idOrUrl)).findFirst().orElse(null));
        }
        return held;
    }

    private void trimImplicit() {
        List<HeldContext> implicit = local.values().stream().filter(h -> h.kind() == Kind.IMPLICITLY_CREATED).toList();
        if (implicit.size() <= maxLocal) {
            return;
        }
        implicit.stream().min(Comparator.comparing(HeldContext::lastActive)).ifPresent(oldest -> delete(oldest.localId()));
    }

    private void changed(String key) {
        changeListeners.forEach(l -> l.accept(key));
    }

    private HeldContext download(String url, boolean bundledCopy) {
        byte[] body = fetcher.fetch(url);
        JsonNode document;
        try {
            document = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw NgsiException.badData("@context " + url + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw NgsiException.badData("@context " + url + " cannot be read: " + e.getMessage());
        }
        return HeldContext.of(url, ContextUrls.cachedId(url), Kind.CACHED, bundledCopy, parse(url, document), clock.instant());
    }

    /** JSON-LD 1.1 API 4.1.2 step 5.2.5: a remote context document is a map with an @context entry. */
    private static JsonNode parse(String what, JsonNode document) {
        if (document == null || !document.isObject() || !document.has("@context")) {
            throw NgsiException.badData("@context " + what + " is not a JSON-LD context document (an object with an @context member)");
        }
        JsonNode value = document.get("@context");
        if (!value.isTextual() && !value.isObject() && !value.isArray() && !value.isNull()) {
            throw NgsiException.badData("The @context member of " + what + " must be a URL, an object or an array");
        }
        return document.deepCopy();
    }
}
