package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The NGSI-LD core @context (GS CIM 009 V1.8.1, annex B), embedded in the jar so that it is never
 * fetched: every request depends on it, and clause 5.5.7 makes it implicit in every request.
 * The copy under {@code jsonld/} is the ETSI v1.8 file, BSD-3-Clause, unmodified.
 */
public final class CoreContext {

    /** The canonical core context URL the broker reports (Link headers, ld+json bodies). */
    public static final String URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

    /** The core context's {@code @vocab}: where terms unknown to every context expand to. */
    public static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";

    static final String RESOURCE = "jsonld/ngsi-ld-core-context-v1.8.jsonld";

    /*
     * Clients reference the core context under its published names: the unversioned
     * ngsi-ld-core-context.jsonld and the versioned ngsi-ld-core-context-vN(.M)*.jsonld files. All of
     * them are served by the embedded v1.8 copy: the versions are additive, and fetching etsi.org on the
     * request path would make the broker depend on a third-party server for every request. Any other
     * URL, under uri.etsi.org or not (…-context-foo.jsonld), is a context like any other and is fetched
     * (clause 5.5.7); one that cannot be retrieved is 503 LdContextNotAvailable, never silently the core.
     */
    private static final Pattern CORE_URL =
            Pattern.compile("https?://uri\\.etsi\\.org/ngsi-ld/v1/ngsi-ld-core-context(-v\\d+(\\.\\d+)*)?\\.jsonld");

    private static final JsonNode DOCUMENT = load();
    private static final JsonNode UNPROTECTED = unprotect(DOCUMENT);

    private CoreContext() {
    }

    /** True when the URL is one of the published names of the NGSI-LD core context (http or https). */
    public static boolean isCoreUrl(String url) {
        return url != null && CORE_URL.matcher(url).matches();
    }

    /** The embedded core context document (shared instance: callers must not modify it). */
    static JsonNode document() {
        return DOCUMENT;
    }

    /**
     * The core context without {@code @protected}: what a user context that references the core
     * URL gets while it is processed. Its own later definitions of core terms then do not fail
     * (JSON-LD 1.1 would raise "protected term redefinition"), and it does not matter, because
     * the protected core context is applied again after every user context (clause 5.5.7).
     */
    static JsonNode unprotectedDocument() {
        return UNPROTECTED;
    }

    private static JsonNode unprotect(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        ObjectNode context = (ObjectNode) copy.get("@context");
        context.remove("@protected");
        context.forEach(definition -> {
            if (definition instanceof ObjectNode expanded) {
                expanded.remove("@protected");
            }
        });
        return copy;
    }

    private static JsonNode load() {
        try (InputStream in = CoreContext.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
