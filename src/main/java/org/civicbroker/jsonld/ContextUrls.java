package org.civicbroker.jsonld;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Naming of the contexts the broker holds (GS CIM 009 clause 5.13): local identifiers and the URLs
 * the broker serves hosted and implicitly created contexts at.
 */
public final class ContextUrls {

    /** Where the broker serves a held context: {@code <base>/ngsi-ld/v1/jsonldContexts/<localId>}. */
    public static final String PATH = "/ngsi-ld/v1/jsonldContexts/";

    private ContextUrls() {
    }

    /** The URL the broker serves a hosted or implicitly created context at, under {@code base}. */
    public static String served(String base, String localId) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + PATH + localId;
    }

    /**
     * The local id in a URL of the form {@code <any base>/ngsi-ld/v1/jsonldContexts/<id>}, whatever its
     * host: the broker may be reached under several names (localhost, a service name, a public host),
     * and hosted ids are random UUIDs (implicit ones content hashes), so a match names the same document.
     */
    static Optional<String> localIdIn(String url) {
        int at = url.indexOf(PATH);
        if (at < 0) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.empty();
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith(PATH) || uri.getQuery() != null || uri.getFragment() != null) {
            return Optional.empty();
        }
        String id = path.substring(PATH.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }

    /** Stable id of a cached copy of {@code url} (so the same URL keeps its id across evictions and restarts). */
    static String cachedId(String url) {
        return UUID.nameUUIDFromBytes(("cached:" + url).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Content-addressed id of an implicitly created context: one entry per distinct context value. */
    static String implicitId(String canonicalContext) {
        return UUID.nameUUIDFromBytes(("implicit:" + canonicalContext).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
