package org.civicbroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.civicbroker.batch.BatchPlans.Kind;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.MediaTypes;
import org.civicbroker.common.http.QueryParams;
import org.civicbroker.common.http.QueryString;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.model.EntityParser;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.query.lang.Option;
import org.civicbroker.query.lang.Options;
import org.civicbroker.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Batch entity operations (clauses 5.6.7 - 5.6.10 and 5.6.20; OpenAPI paths /entityOperations/...):
 * a JSON array of entities (or of ids, for delete), at most {@code civic.batch.max-entities} elements.
 * One bad element never blocks the others: it is reported in a 207 BatchOperationResult.
 */
@Path("/ngsi-ld/v1/entityOperations")
@Consumes(MediaType.WILDCARD)
public class BatchResource {

    private static final Set<String> LOCAL = Set.of("local");
    private static final Set<String> WITH_OPTIONS = Set.of("local", "options");

    private final BatchService service;
    private final RequestReader reader;
    private final ContextResolver contexts;
    private final int maxEntities;
    private final EntityParser parser = new EntityParser(GeoJson::parse);

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public BatchResource(BatchService service, RequestReader reader, ContextResolver contexts,
            @ConfigProperty(name = "civic.batch.max-entities", defaultValue = "1000") int maxEntities) {
        this.service = service;
        this.reader = reader;
        this.contexts = contexts;
        this.maxEntities = maxEntities;
    }

    /** Batch Entity Creation (5.6.7): 201 with the ids when all were created, else 207. */
    @POST
    @Path("create")
    public Uni<Response> create(byte[] body) {
        return distribute("createBatch", null, null, body, b -> createHere(b));
    }

    private Uni<Response> createHere(byte[] body) {
        params(LOCAL);
        return write(body, Kind.CREATE, false, BatchResult::created);
    }

    /** Batch Entity Upsert (5.6.8): options=replace (default) or update; 201 / 204 / 207. */
    @POST
    @Path("upsert")
    public Uni<Response> upsert(byte[] body) {
        return distribute("upsertBatch", null, null, body, b -> upsertHere(b));
    }

    private Uni<Response> upsertHere(byte[] body) {
        Options options = options(params(WITH_OPTIONS), Set.of(Option.REPLACE, Option.UPDATE));
        return write(body, options.has(Option.UPDATE) ? Kind.UPSERT_UPDATE : Kind.UPSERT_REPLACE, false,
                BatchResult::upserted);
    }

    /** Batch Entity Update (5.6.9): options=noOverwrite keeps existing attributes; 204 / 207. */
    @POST
    @Path("update")
    public Uni<Response> update(byte[] body) {
        return distribute("updateBatch", null, null, body, b -> updateHere(b));
    }

    private Uni<Response> updateHere(byte[] body) {
        Options options = options(params(WITH_OPTIONS), Set.of(Option.NO_OVERWRITE));
        return write(body, Kind.UPDATE, options.has(Option.NO_OVERWRITE), BatchResult::done);
    }

    /** Batch Entity Merge (5.6.20): 204 / 207. */
    @POST
    @Path("merge")
    public Uni<Response> merge(byte[] body) {
        return distribute("mergeBatch", null, null, body, b -> mergeHere(b));
    }

    private Uni<Response> mergeHere(byte[] body) {
        params(LOCAL);
        return write(body, Kind.MERGE, false, BatchResult::done);
    }

    /** Batch Entity Delete (5.6.10): an array of entity ids; 204 / 207. */
    @POST
    @Path("delete")
    public Uni<Response> delete(byte[] body) {
        return distribute("deleteBatch", null, null, body, b -> deleteHere(b));
    }

    private Uni<Response> deleteHere(byte[] body) {
        params(LOCAL);
        Tenant tenant = tenant();
        JsonNode json = reader.read(headers, body, false).json();
        BatchItems.checkArray(json, maxEntities, "entity ids");
        BatchResult result = new BatchResult();
        List<String> ids = BatchPlans.deletions(BatchItems.ids(json, result), result);
        return service.delete(tenant, ids, null, true, result).map(v -> result.done());
    }


    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<org.civicbroker.entity.RemoteWrites> remoteWrites;

    /** Runs the write here and/or at the matching context sources (clause 4.3.6; see {@link RemoteWrites}). */
    private Uni<Response> distribute(String operation, String id, String attribute, byte[] body,
            java.util.function.Function<byte[], Uni<Response>> here) {
        if (remoteWrites == null || !remoteWrites.isResolvable()) {
            return here.apply(body);
        }
        return remoteWrites.get().run(new org.civicbroker.entity.RemoteWrites.Write(operation, request.method().name(),
                request.path(), request.query(), body, headers, tenant(), id, attribute), here);
    }
    private Uni<Response> write(byte[] body, Kind kind, boolean noOverwrite, Function<BatchResult, Response> answer) {
        Tenant tenant = tenant();
        RequestReader.Body b = reader.read(headers, body, false);
        BatchItems.checkArray(b.json(), maxEntities, "entities");
        BatchResult result = new BatchResult();
        List<BatchItems.Item> items = BatchItems.entities(b.json(), isJsonLd(), b.context(), contexts, result);
        List<BatchPlans.Target> targets = BatchPlans.plan(kind, items, parser, noOverwrite, result);
        return service.write(tenant, kind, targets, result).map(v -> answer.apply(result));
    }

    private MultivaluedMap<String, String> params(Set<String> allowed) {
        MultivaluedMap<String, String> params = QueryString.parse(request.query());
        QueryParams.check(params, allowed);
        QueryParams.bool("local", params.getFirst("local"));
        return params;
    }

    /** The options this operation takes; any other keyword is 400 (clause 6.3.x: options of the operation). */
    private static Options options(MultivaluedMap<String, String> params, Set<Option> allowed) {
        Options options = Options.parse(params.getFirst("options"));
        for (Option o : options.flags()) {
            if (!allowed.contains(o)) {
                throw NgsiException.badData("'options' of this operation may only be "
                        + allowed.stream().map(Option::keyword).sorted().toList() + ", not '" + o.keyword() + "'");
            }
        }
        return options;
    }

    /** RequestReader has accepted the content type: it is application/json or application/ld+json. */
    private boolean isJsonLd() {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return type != null && type.trim().toLowerCase(Locale.ROOT).startsWith(MediaTypes.JSON_LD);
    }

    private Tenant tenant() {
        return Tenant.fromHeader(headers.getHeaderString(Tenant.HEADER));
    }
}
