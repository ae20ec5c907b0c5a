package org.civicbroker.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.export.ExportService.Scope;
import org.civicbroker.export.ExportService.Selection;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.DateTimes;
import org.civicbroker.model.Entity;
import org.civicbroker.representation.EntityRenderer;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.GeoJsonRenderer;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.temporal.TemporalExport;
import org.civicbroker.tenancy.Tenant;

/**
 * Civic extension: streaming exports of a tenant's data (issue 17; docs/privacy.md).
 * {@code /ngsi-ld/v1/x-export/open/...} holds the register's open types without personal attributes
 * (anonymous access is the security issue's to grant); {@code /ngsi-ld/v1/x-export/all/...} holds
 * everything (administrators). Current state as NDJSON (normalized NGSI-LD entities), CSV (one row per
 * entity, keyValues columns) or a GeoJSON FeatureCollection; history as NDJSON, one instance per line,
 * within {@code from}/{@code to}. Written as the store's cursor yields, never held in memory.
 */
@Path("/ngsi-ld/v1/x-export")
public class ExportResource {

    static final MediaType NDJSON = new MediaType("application", "x-ndjson");
    private static final ObjectMapper JSON = RequestReader.mapper();

    private final ExportService service;
    private final ExportStore store;
    private final TemporalExport history;
    private final ExportProgress progress;
    private final RequestReader reader;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geo = new GeoJsonRenderer();

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public ExportResource(ExportService service, ExportStore store, TemporalExport history, ExportProgress progress,
            RequestReader reader) {
        this.service = service;
        this.store = store;
        this.history = history;
        this.progress = progress;
        this.reader = reader;
    }

    @GET
    @Path("{scope}/entities")
    @Blocking
    public Response entities(@PathParam("scope") String scopeName) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, Set.of("type", "format"));
        Scope scope = Scope.of(scopeName);
        Tenant tenant = tenant();
        LdContext ctx = reader.context(headers);
        Selection sel = service.select(tenant, scope, types(params, ctx));
        String format = params.getFirst("format") == null ? "ndjson" : params.getFirst("format");
        if (!Set.of("ndjson", "csv", "geojson").contains(format)) {
            throw NgsiException.badData("Unknown format '" + format + "': use ndjson, csv or geojson");
        }
        store.check(tenant);
        Iterable<Entity> entities = store.entities(tenant, sel.typeIris()).subscribe().asIterable();
        RenderOptions normalized = RenderOptions.defaults();
        StreamingOutput body = switch (format) {
            case "ndjson" -> out -> write(out, "entities " + scopeName + " ndjson", tenant, (w, job) -> {
                long n = 0;
                for (Entity e : entities) {
                    w.write(JSON.writeValueAsString(renderer.render(e, ctx, filtered(normalized, sel, e))));
                    w.write('\n');
                    n++;
                    job.add(1);
                }
                return n;
            });
            case "csv" -> csv(tenant, scopeName, ctx, sel, entities);
            case "geojson" -> out -> write(out, "entities " + scopeName + " geojson", tenant, (w, job) -> {
                w.write("{\"type\":\"FeatureCollection\",\"features\":[");
                long n = 0;
                for (Entity e : entities) {
                    w.write(n == 0 ? "\n" : ",\n");
                    w.write(JSON.writeValueAsString(geo.feature(e, ctx, filtered(RenderOptions.of(Format.SIMPLIFIED), sel, e), null)));
                    n++;
                    job.add(1);
                }
                w.write("\n]}\n");
                return n;
            });
            default -> throw NgsiException.badData("Unknown format '" + format + "': use ndjson, csv or geojson");
        };
        MediaType type = switch (format) {
            case "csv" -> new MediaType("text", "csv", "UTF-8");
            case "geojson" -> new MediaType("application", "geo+json");
            default -> NDJSON;
        };
        return Response.ok(body, type).build();
    }

    /** The columns of a history CSV after id, type, attribute and instanceId: members of the instance. */
    static final List<String> HISTORY_COLUMNS = List.of("attributeType", "value", "unitCode", "observedAt", "datasetId",
            "createdAt", "modifiedAt", "deletedAt");

    /**
     * History instances as NDJSON ({@code id}, {@code type}, {@code attribute}, {@code instanceId}, then the
     * instance) or as CSV (one row per instance: those four, then {@link #HISTORY_COLUMNS}; the value is the
     * Property's value, the Relationship's object, the LanguageProperty's languageMap, ... as a keyValues cell).
     */
    @GET
    @Path("{scope}/history")
    @Blocking
    public Response history(@PathParam("scope") String scopeName) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, Set.of("type", "from", "to", "format"));
        String format = params.getFirst("format") == null ? "ndjson" : params.getFirst("format");
        if (!Set.of("ndjson", "csv").contains(format)) {
            throw NgsiException.badData("Unknown format '" + format + "' of a history export: use ndjson or csv");
        }
        Scope scope = Scope.of(scopeName);
        Tenant tenant = tenant();
        LdContext ctx = reader.context(headers);
        Selection sel = service.select(tenant, scope, types(params, ctx));
        Instant from = time(params, "from");
        Instant to = time(params, "to");
        store.check(tenant);
        Iterable<TemporalExport.Row> rows = history.instances(tenant, sel.typeIris(), from, to).subscribe().asIterable();
        boolean csv = format.equals("csv");
        StreamingOutput body = out -> write(out, "history " + scopeName + " " + format, tenant, (w, job) -> {
            if (csv) {
                List<String> header = new ArrayList<>(List.of("id", "type", "attribute", "instanceId"));
                header.addAll(HISTORY_COLUMNS);
                Csv.row(w, header);
            }
            long n = 0;
            for (TemporalExport.Row r : rows) {
                if (sel.excluded().test(r.types(), r.attribute())) {
                    continue;
                }
                ObjectNode line = historyLine(r, ctx);
                if (csv) {
                    Csv.row(w, historyRow(line));
                } else {
                    w.write(JSON.writeValueAsString(line));
                    w.write('\n');
                }
                n++;
                job.add(1);
            }
            return n;
        });
        return Response.ok(body, csv ? new MediaType("text", "csv", "UTF-8") : NDJSON).build();
    }

    private static List<String> historyRow(ObjectNode line) {
        JsonNode instance = line.path("instance");
        String attributeType = instance.path("type").asText("");
        JsonNode value = switch (attributeType) {
            case "Relationship" -> instance.get("object");
            case "LanguageProperty" -> instance.get("languageMap");
            case "JsonProperty" -> instance.get("json");
            case "VocabProperty" -> instance.get("vocab");
            case "ListProperty" -> instance.get("valueList");
            case "ListRelationship" -> instance.get("objectList");
            default -> instance.get("value");
        };
        List<String> row = new ArrayList<>(4 + HISTORY_COLUMNS.size());
        row.add(line.path("id").asText());
        row.add(Csv.cell(line.get("type")));
        row.add(line.path("attribute").asText());
        row.add(line.path("instanceId").asText());
        row.add(attributeType);
        row.add(Csv.cell(value));
        for (String c : HISTORY_COLUMNS.subList(2, HISTORY_COLUMNS.size())) {
            row.add(Csv.cell(c.equals("deletedAt") ? line.get("deletedAt") : instance.get(c)));
        }
        return row;
    }

    private ObjectNode historyLine(TemporalExport.Row r, LdContext ctx) {
        Attribute a = r.instance().attribute();
        Entity one = new Entity(r.entityId(), r.types(), List.of(), null, null, Map.of(r.attribute(), List.of(a)));
        ObjectNode rendered = renderer.render(one, ctx, RenderOptions.defaults().withSysAttrs(true));
        String name = EntityRenderer.attributeName(r.attribute(), ctx);
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", r.entityId());
        line.set("type", EntityRenderer.types(r.types(), ctx));
        line.put("attribute", name);
        line.put("instanceId", r.instance().instanceId());
        JsonNode instance = rendered.get(name);
        line.set("instance", instance);
        if (r.instance().deletedAt() != null) {
            line.put("deletedAt", r.instance().deletedAt().toString());
        }
        return line;
    }

    private StreamingOutput csv(Tenant tenant, String scopeName, LdContext ctx, Selection sel, Iterable<Entity> entities) {
        List<String> iris = new ArrayList<>();
        for (String iri : store.attributeNames(tenant, sel.typeIris()).subscribe().asIterable()) {
            if (sel.typeIris() == null || !sel.excluded().test(sel.typeIris(), iri)) {
                iris.add(iri);
            }
        }
        List<String> columns = iris.stream().map(iri -> EntityRenderer.attributeName(iri, ctx)).toList();
        RenderOptions simplified = RenderOptions.of(Format.SIMPLIFIED);
        return out -> write(out, "entities " + scopeName + " csv", tenant, (w, job) -> {
            List<String> header = new ArrayList<>(List.of("id", "type"));
            header.addAll(columns);
            Csv.row(w, header);
            long n = 0;
            for (Entity e : entities) {
                ObjectNode kv = renderer.render(e, ctx, filtered(simplified, sel, e));
                List<String> row = new ArrayList<>(header.size());
                row.add(e.id());
                row.add(Csv.cell(kv.get("type")));
                columns.forEach(c -> row.add(Csv.cell(kv.get(c))));
                Csv.row(w, row);
                n++;
                job.add(1);
            }
            return n;
        });
    }

    private static RenderOptions filtered(RenderOptions o, Selection sel, Entity e) {
        return o.withAttributeFilter(iri -> !sel.excluded().test(e.types(), iri));
    }

    /** Writes through a buffered UTF-8 writer, counting and logging progress; the job records the outcome. */
    private void write(java.io.OutputStream out, String what, Tenant tenant, Body body) throws IOException {
        ExportProgress.Job job = progress.start("Export " + what, tenant.name());
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            body.write(w, job);
            w.flush();
            progress.finish(job, null);
        } catch (IOException | RuntimeException e) {
            progress.finish(job, e);
            throw e;
        }
    }

    @FunctionalInterface
    interface Body {
        long write(Writer w, ExportProgress.Job job) throws IOException;
    }

    /** Running and recent exports and imports with their counts and rates. */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public ArrayNode status() {
        QueryParams.check(QueryString.parse(request.query()), Set.of());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ExportProgress.Job j : progress.jobs()) {
            ObjectNode o = out.addObject();
            o.put("id", j.id);
            o.put("what", j.what);
            o.put("tenant", j.tenant);
            o.put("startedAt", j.started.toString());
            o.put("items", j.count.get());
            o.put("itemsPerSecond", Math.round(j.rate()));
            o.put("state", j.outcome);
            if (j.finished != null) {
                o.put("finishedAt", j.finished.toString());
            }
        }
        return out;
    }

    private static List<String> types(MultivaluedMap<String, String> params, LdContext ctx) {
        List<String> out = new ArrayList<>();
        for (String t : params.getOrDefault("type", List.of())) {
            for (String one : t.split(",")) {
                if (!one.isBlank()) {
                    out.add(ctx.expand(one.trim()));
                }
            }
        }
        return out;
    }

    private static Instant time(MultivaluedMap<String, String> params, String name) {
        String v = params.getFirst(name);
        if (v == null) {
            return null;
        }
        try {
            return DateTimes.parse(v);
        } catch (RuntimeException e) {
            throw NgsiException.badData(name + " must be a date-time (ISO 8601 with time zone), not '" + v + "'");
        }
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }
}
