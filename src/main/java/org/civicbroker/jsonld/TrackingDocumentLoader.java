package org.civicbroker.jsonld;

import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import jakarta.json.JsonStructure;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;

/**
 * The only way Titanium gets remote contexts during context processing: core URLs from the jar,
 * everything else through {@link ContextCache} (http(s) only, limits, caching). One instance serves
 * one processing run and records which remote URLs it served, so the resulting context can be
 * dropped when one of those documents is reloaded or evicted.
 *
 * <p>Failures are thrown as NgsiException (unchecked): Titanium only catches JsonLdError around
 * the loader, so the 503/400 distinction made by the fetcher reaches the caller intact.
 */
final class TrackingDocumentLoader implements DocumentLoader {

    /** Core URLs inside user contexts get the unprotected copy (see CoreContext#unprotectedDocument). */
    private static final JsonStructure CORE = (JsonStructure) JakartaJson.of(CoreContext.unprotectedDocument());

    /**
     * Distinct remote documents one resolution may pull in. A context is user input: without a cap
     * one request could make the broker fetch hundreds of URLs (each up to the fetch timeout).
     */
    static final int MAX_REMOTE_DOCUMENTS = 32;

    private final ContextCache cache;
    private final Set<String> remoteUrls = new LinkedHashSet<>();
    /** Whether the documents served count as hits (see ContextCache#load). */
    private final boolean counted;

    TrackingDocumentLoader(ContextCache cache, boolean counted) {
        this.cache = cache;
        this.counted = counted;
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) {
        String text = url.toString();
        JsonStructure content;
        if (CoreContext.isCoreUrl(text)) {
            content = CORE;
        } else {
            ContextFetcher.checkUrl(text);
            if (!remoteUrls.contains(text) && remoteUrls.size() >= MAX_REMOTE_DOCUMENTS) {
                throw NgsiException.badData("@context references more than " + MAX_REMOTE_DOCUMENTS + " remote documents");
            }
            content = (JsonStructure) cache.load(text, counted);
            remoteUrls.add(text);
        }
        JsonDocument document = JsonDocument.of(MediaType.JSON_LD, content);
        document.setDocumentUrl(url);
        return document;
    }

    Set<String> remoteUrls() {
        return Set.copyOf(remoteUrls);
    }
}
