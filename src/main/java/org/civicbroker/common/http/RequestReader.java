package org.civicbroker.common.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.Locale;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;

/**
 * Reads request bodies and their JSON-LD context (clause 6.3.5): an {@code application/json} body takes
 * its context from the Link header and must not carry {@code @context}; an {@code application/ld+json}
 * body carries {@code @context} and must not come with a Link header. Any other content type is 415.
 */
@ApplicationScoped
public class RequestReader {

    /** Deeper JSON than this is rejected before any recursive code sees it. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A parsed body with the context that applies to it. */
    public record Body(JsonNode json, LdContext context) {
    }

    private final ContextResolver contexts;

    public RequestReader(ContextResolver contexts) {
        this.contexts = contexts;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads a JSON object or array body (arrays for batch operations). */
    public Body read(HttpHeaders headers, byte[] bytes, boolean mergePatchAllowed) {
        String contentType = baseType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (bytes == null || bytes.length == 0) {
            throw NgsiException.invalid("The request body is empty");
        }
        boolean ld;
        if (MediaTypes.JSON_LD.equals(contentType)) {
            ld = true;
        } else if (MediaTypes.JSON.equals(contentType) || (mergePatchAllowed && MediaTypes.MERGE_PATCH.equals(contentType))) {
            ld = false;
        } else {
            throw new NgsiException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + (contentType == null ? "(none)" : "'" + contentType + "'") + " is not supported; use application/json or application/ld+json");
        }
        JsonNode json = parse(bytes);
        if (!json.isObject() && !json.isArray()) {
            throw NgsiException.badData("The request body must be a JSON object");
        }
        String link = LinkHeader.contextUrl(headers.getHeaderString("Link"));
        if (ld) {
            if (link != null) {
                throw NgsiException.badData("A JSON-LD context Link header is not allowed with Content-Type application/ld+json");
            }
            if (json.isObject()) {
                JsonNode ctx = json.get("@context");
                if (ctx == null) {
                    throw NgsiException.badData("An application/ld+json body must contain @context");
                }
                return new Body(json, contexts.resolve(ctx));
            }
            return new Body(json, contexts.core());
        }
        if (json.isObject() && json.has("@context")) {
            throw NgsiException.badData("@context is not allowed in an application/json body: send it in a Link header");
        }
        return new Body(json, link == null ? contexts.core() : contexts.resolveUrl(link));
    }

    /** The context of a request without a body: the Link header's, or the core context. */
    public LdContext context(HttpHeaders headers) {
        String link = LinkHeader.contextUrl(headers.getHeaderString("Link"));
        return link == null ? contexts.core() : contexts.resolveUrl(link);
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw NgsiException.invalid("The request body is empty");
            }
            return n;
        } catch (StreamConstraintsException e) {
            throw NgsiException.badData("The body nests deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw NgsiException.invalid("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw NgsiException.invalid("The body cannot be read: " + e.getMessage());
        }
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
