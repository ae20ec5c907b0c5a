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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.civicbroker.common.error.NgsiException;

/**
 * The broker's store of remote @context documents, the model behind the {@code /jsonldContexts}
 * API (GS CIM 009 clause 5.13): documents fetched on first use ("Cached", bounded, least recently
 * used evicted) and documents registered by clients ("Hosted", kept until deleted). The embedded
 * core context is not listed here: it is part of the broker, not a cached copy.
 */
public final class ContextCache {

    /** How a document came to be held (clause 5.13.1 kinds; ImplicitlyCreated is not used yet). */
    public enum Kind { CACHED, HOSTED }

    /** A snapshot of one held document. */
    public record Entry(String url, Kind kind, Instant fetchedAt, long uses, JsonNode document) {
    }

    /** Mutable holder: the parsed forms are kept so that serving a document never re-parses it. */
    private record Stored(String url, Kind kind, Instant fetchedAt, JsonNode document, JsonValue jakarta, AtomicLong uses) {
        Entry snapshot() {
            return new Entry(url, kind, fetchedAt, uses.get(), document.deepCopy());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContextFetcher fetcher;
    private final Clock clock;
    private final Cache<String, Stored> cached;
    /** Fetches under way, so that concurrent first requests for one URL share a single fetch. */
    private final Map<String, CompletableFuture<Stored>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Stored> hosted = new ConcurrentHashMap<>();
    /** Local copies of public contexts shipped with the broker (e.g. Smart Data Models): never evicted. */
    private final Map<String, Stored> bundled = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    public ContextCache(JsonLdConfig config) {
        this(new ContextFetcher(config.fetchTimeout(), config.maxSize()), config.cacheSize(), Clock.systemUTC());
    }

    ContextCache(ContextFetcher fetcher, int size, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
        // Fetches run outside the cache (see load): a compute inside Caffeine would hold a lock on
        // its hash bin for the whole fetch, and a failed async load is logged as a warning.
        this.cached = Caffeine.newBuilder().maximumSize(size).build();
    }

    /** All held documents, hosted first, then by URL. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        hosted.values().forEach(s -> out.add(s.snapshot()));
        bundled.values().forEach(s -> out.add(s.snapshot()));
        cached.asMap().values().forEach(s -> out.add(s.snapshot()));
        out.sort(Comparator.comparing(Entry::kind).reversed().thenComparing(Entry::url));
        return out;
    }

    public Optional<Entry> get(String url) {
        return Optional.ofNullable(peek(url)).map(Stored::snapshot);
    }

    /**
     * Registers a client-provided document under a URL (clause 5.13.2). It must be a valid remote
     * context document: an object with an {@code @context} member.
     */
    public Entry host(String url, JsonNode document) {
        ContextFetcher.checkUrl(url);
        Stored stored = parse(url, Kind.HOSTED, document);
        hosted.put(url, stored);
        cached.invalidate(url);
        changed(url);
        return stored.snapshot();
    }

    /**
     * Serves {@code document} for the public URL {@code url} without fetching it: for the contexts the
     * broker ships (the Smart Data Models ones), so their payloads work with no network access. Listed
     * as a cached copy of that URL.
     */
    public Entry bundle(String url, JsonNode document) {
        Stored stored = parse(url, Kind.CACHED, document);
        bundled.put(url, stored);
        changed(url);
        return stored.snapshot();
    }

    /**
     * Fetches a cached document again and replaces the held copy (clause 5.13.5, reload=true). On
     * failure the old copy stays. Hosted documents have no origin to reload from: BadRequestData.
     */
    public Entry reload(String url) {
        if (hosted.containsKey(url)) {
            throw NgsiException.badData("@context " + url + " is hosted by the broker and cannot be reloaded");
        }
        if (cached.getIfPresent(url) == null) {
            throw NgsiException.notFound("No cached @context " + url);
        }
        Stored fresh = download(url);
        cached.put(url, fresh);
        changed(url);
        return fresh.snapshot();
    }

    /** Removes a document (clause 5.13.5); the next use of a cached URL fetches it again. */
    public boolean evict(String url) {
        boolean removed = hosted.remove(url) != null;
        removed |= cached.asMap().remove(url) != null;
        if (removed) {
            changed(url);
        }
        return removed;
    }

    /** The document for a context URL (hosted, else cached, else fetched now), counted as one use. */
    JsonValue load(String url) {
        Stored stored = peek(url);
        if (stored == null) {
            stored = fetchOnce(url);
        }
        stored.uses().incrementAndGet();
        return stored.jakarta();
    }

    /** Failures are not cached: the next request tries again (the origin may be back). */
    private Stored fetchOnce(String url) {
        CompletableFuture<Stored> mine = new CompletableFuture<>();
        CompletableFuture<Stored> running = inFlight.putIfAbsent(url, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Stored fresh = download(url);
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
        Stored stored = peek(url);
        if (stored != null) {
            stored.uses().incrementAndGet();
        }
    }

    /** Called with the URL whenever a document is replaced or removed, so dependants can be dropped. */
    void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private Stored peek(String url) {
        Stored stored = hosted.get(url);
        if (stored == null) {
            stored = bundled.get(url);
        }
        return stored != null ? stored : cached.getIfPresent(url);
    }

    private void changed(String url) {
        changeListeners.forEach(l -> l.accept(url));
    }

    private Stored download(String url) {
        byte[] body = fetcher.fetch(url);
        JsonNode document;
        try {
            document = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw NgsiException.badData("@context " + url + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw NgsiException.badData("@context " + url + " cannot be read: " + e.getMessage());
        }
        return parse(url, Kind.CACHED, document);
    }

    /** JSON-LD 1.1 API 4.1.2 step 5.2.5: a remote context document is a map with an @context entry. */
    private Stored parse(String url, Kind kind, JsonNode document) {
        if (document == null || !document.isObject() || !document.has("@context")) {
            throw NgsiException.badData("@context " + url + " is not a JSON-LD context document (an object with an @context member)");
        }
        JsonNode copy = document.deepCopy();
        return new Stored(url, kind, clock.instant(), copy, JakartaJson.of(copy), new AtomicLong());
    }
}
