package org.civicbroker.transparency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.tenancy.Tenant;

/**
 * The public transparency page (issue 17; docs/privacy.md): no login, server-rendered HTML (Qute) that
 * needs no JavaScript, for the default tenant at {@code /transparency} and for a tenant at
 * {@code /transparency/{tenant}}; the same content as JSON with {@code Accept: application/json} or
 * {@code ?format=json}. 404 when the tenant does not publish a page.
 */
@Path("/transparency")
public class TransparencyResource {

    private final TransparencyService service;
    private final Template transparency;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public TransparencyResource(TransparencyService service, Template transparency) {
        this.service = service;
        this.transparency = transparency;
    }

    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Uni<Response> defaultTenant() {
        return page(Tenant.DEFAULT);
    }

    @GET
    @Path("{tenant}")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Uni<Response> tenant(@PathParam("tenant") String tenant) {
        return page(Tenant.fromHeader(tenant));
    }

    private Uni<Response> page(Tenant tenant) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, Set.of("format"));
        boolean json = "json".equals(params.getFirst("format")) || wantsJson();
        return service.content(tenant).map(content -> json
                ? Response.ok(content, MediaType.APPLICATION_JSON).build()
                : Response.ok(html(content), MediaType.TEXT_HTML + ";charset=UTF-8").build());
    }

    private boolean wantsJson() {
        List<MediaType> accepted = headers.getAcceptableMediaTypes();
        for (MediaType m : accepted) {
            if (m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType()) {
                return false;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !m.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private String html(ObjectNode content) {
        Map<String, Object> page = RequestReader.mapper().convertValue(content, new TypeReference<Map<String, Object>>() { });
        List<SvgMap.Point> points = new ArrayList<>();
        for (JsonNode p : content.path("map").path("points")) {
            points.add(new SvgMap.Point(p.get("dataset").asText(), p.get("lon").asDouble(), p.get("lat").asDouble()));
        }
        double[] bbox = null;
        JsonNode b = content.path("map").path("bbox");
        if (b.size() == 4) {
            bbox = new double[] {b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()};
        }
        String title = content.path("title").asText(content.path("organisation").asText("Data we hold"));
        return transparency.data("page", page)
                .data("heading", title)
                .data("svg", SvgMap.render(bbox, points, "Where the sensors of open datasets are"))
                .data("legend", SvgMap.colours(points).entrySet().stream().map(e -> Map.of("dataset", e.getKey(), "colour", e.getValue())).toList())
                .render();
    }
}
