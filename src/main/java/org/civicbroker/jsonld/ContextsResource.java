package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.Negotiation;
import org.civicbroker.common.http.Negotiation.Representation;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextCache.Entry;
import org.civicbroker.jsonld.ContextCache.Kind;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The @context management API (GS CIM 009 clause 5.13, binding 6.29/6.30): list, add, serve, delete
 * and reload the contexts the broker holds. Contexts are per broker: NGSILD-Tenant is accepted and
 * ignored (the context store of clause 5.13 is not tenant specific).
 */
@Path("/ngsi-ld/v1/jsonldContexts")
public class ContextsResource {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> LIST_PARAMS = Set.of("details", "kind");
    private static final Set<String> GET_PARAMS = Set.of("details");
    private static final Set<String> DELETE_PARAMS = Set.of("reload");

    private final TitaniumContextResolver resolver;
    private final ContextCache contexts;
    private final PublicBaseUrl base;
    private final int maxSize;
    private final int maxHosted;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public ContextsResource(TitaniumContextResolver resolver, PublicBaseUrl base,
            @ConfigProperty(name = "civic.jsonld.max-size", defaultValue = "1048576") int maxSize,
            @ConfigProperty(name = "civic.jsonld.max-hosted", defaultValue = "1000") int maxHosted) {
        this.resolver = resolver;
        this.contexts = resolver.contexts();
        this.base = base;
        this.maxSize = maxSize;
        this.maxHosted = maxHosted;
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, allowed);
        return params;
    }

    /** 5.13.3 List @contexts: URLs, or with details=true their metadata (5.13.3.5); optional kind filter. */
    @GET
    public Response list() {
        MultivaluedMap<String, String> params = params(LIST_PARAMS);
        boolean details = QueryParams.bool("details", params.getFirst("details"));
        String kindParam = params.getFirst("kind");
        Optional<Kind> kind = kindParam == null ? Optional.empty() : Optional.of(Kind.of(kindParam).orElseThrow(
                () -> NgsiException.badData("'kind' must be Hosted, Cached or ImplicitlyCreated")));
        String baseUrl = base.current();
        ArrayNode out = JSON.arrayNode();
        for (Entry e : contexts.list()) {
            if (kind.isPresent() && e.kind() != kind.get()) {
                continue;
            }
            if (details) {
                out.add(metadata(e, baseUrl));
            } else {
                out.add(url(e, baseUrl));
            }
        }
        return Response.ok(out, MediaTypes.JSON).build();
    }

    /**
     * 5.13.2 Add @context: the body is a context document, an object with an {@code @context} member.
     * It must process as a JSON-LD context (400 otherwise; 503 if a context it references is unreachable).
     */
    @POST
    public Response add(byte[] body) {
        params(Set.of());
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        // The OpenAPI lists "application/json+ld" (a typo of application/ld+json): both are accepted.
        if (!type.equals(MediaTypes.JSON) && !type.equals(MediaTypes.JSON_LD) && !type.equals("application/json+ld")) {
            throw new NgsiException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json or application/ld+json");
        }
        if (body == null || body.length == 0) {
            throw NgsiException.invalid("The request body is empty");
        }
        // Hosted contexts are kept in memory and in the store, so their size and number are bounded
        // like remote contexts are (civic.jsonld.max-size) and the API cannot be used to fill the broker.
        if (body.length > maxSize) {
            throw new NgsiException(ErrorType.PAYLOAD_TOO_LARGE, "An @context may be at most " + maxSize + " bytes");
        }
        if (contexts.list().stream().filter(e -> e.kind() == Kind.HOSTED).count() >= maxHosted) {
            throw new NgsiException(ErrorType.CONFLICT, "The broker already hosts " + maxHosted
                    + " @contexts (civic.jsonld.max-hosted); delete one first");
        }
        JsonNode document = RequestReader.parse(body);
        // The binding (clause 6.29.3.1) defines the request body as a JSON object whose root member is
        // @context: a body of another shape is a wrong request (InvalidRequest), while an @context whose
        // content does not process is invalid data (BadRequestData, clause 5.5.4).
        if (!document.isObject()) {
            throw NgsiException.invalid("The body must be a JSON object with an @context member");
        }
        JsonNode value = document.get("@context");
        if (value == null) {
            throw NgsiException.invalid("The body has no @context member");
        }
        if (!value.isTextual() && !value.isObject() && !value.isArray()) {
            throw NgsiException.badData("@context must be a URL, an object or an array of those");
        }
        resolver.validate(value);  // validates: an invalid context is 400 before anything is stored
        // clause 5.13.2.3: what lies outside the @context member is discarded
        Entry hosted = contexts.host(JSON.objectNode().set("@context", value));
        // clause 6.29.3.1: Location holds the local relative path of the added @context
        // (set as a raw header: Response.created would resolve a relative URI against the base URI)
        return Response.status(Response.Status.CREATED).header("Location", ContextUrls.PATH + hosted.localId()).build();
    }

    /**
     * 5.13.4 Serve @context: the document of a hosted or implicitly created context, or with details=true
     * the metadata of any held context. A cached copy is not served (422 OperationNotSupported, clause
     * 5.13.4): its origin URL is where clients get it.
     */
    @GET
    @Path("{contextId}")
    public Response serve(@PathParam("contextId") String contextId) {
        boolean details = QueryParams.bool("details", params(GET_PARAMS).getFirst("details"));
        Entry e = contexts.serve(contextId)
                .orElseThrow(() -> NgsiException.notFound("No @context " + contextId + " is held by the broker"));
        if (details) {
            return Response.ok(metadata(e, base.current()), MediaTypes.JSON).build();
        }
        if (e.kind() == Kind.CACHED) {
            throw new NgsiException(ErrorType.OPERATION_NOT_SUPPORTED,
                    "@context " + contextId + " is a cached copy of " + e.url() + ": fetch it from there, or ask for details=true");
        }
        Representation rep = Negotiation.choose(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        return Response.ok(e.document(), rep.mediaType()).build();
    }

    /**
     * 5.13.5 Delete and reload @context. Hosted and implicit contexts are deleted; a cached copy is
     * evicted, or with reload=true fetched again (503 LdContextNotAvailable when the origin cannot be
     * reached: the held copy then stays). reload=true on a hosted or implicit context is BadRequestData.
     * A cached copy may be named by its local id or by its origin URL (URL-encoded).
     */
    @DELETE
    @Path("{contextId}")
    public Response delete(@PathParam("contextId") String contextId) {
        boolean reload = QueryParams.bool("reload", params(DELETE_PARAMS).getFirst("reload"));
        if (reload) {
            contexts.reload(contextId);
        } else if (contexts.delete(contextId).isEmpty()) {
            throw NgsiException.notFound("No @context " + contextId + " is held by the broker");
        }
        return Response.noContent().build();
    }

    private String url(Entry e, String baseUrl) {
        return e.kind() == Kind.CACHED ? e.url() : ContextUrls.served(baseUrl, e.localId());
    }

    /** Clause 5.13.3.5 output members (createdAt, lastUsage, numberOfHits, extraInfo; no expiry: see docs/contexts.md). */
    private ObjectNode metadata(Entry e, String baseUrl) {
        ObjectNode m = JSON.objectNode();
        m.put("URL", url(e, baseUrl));
        m.put("localId", e.localId());
        m.put("kind", e.kind().label());
        m.put("createdAt", e.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        if (!e.core()) {  // every request uses the core context: its hits are not counted (both members are optional)
            if (e.lastUsage() != null) {
                m.put("lastUsage", e.lastUsage().truncatedTo(ChronoUnit.MILLIS).toString());
            }
            m.put("numberOfHits", e.uses());
        }
        // extraInfo (optional) is not given: the ETSI suite cannot read an object there (docs/conformance.md)
        return m;
    }
}
