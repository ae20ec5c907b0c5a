package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.persistence.Rx;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.temporal.TemporalRenderer.Mode;

/**
 * Temporal consumption (clauses 5.7.3 retrieve, 5.7.4 query): selects temporal entities with the query
 * package's filters on the per-entity records (so q, scopeQ and geo test the latest known state), then
 * reads or aggregates each selected attribute line.
 */
@ApplicationScoped
public class TemporalQueries {

    /** How to answer: temporal query, representation, aggregation, projection. */
    public record Request(TemporalQuery temporal, Mode mode, Aggregator.Request aggregation, RenderOptions render,
            LdContext ctx, int maxInstances) {
    }

    /**
     * The answer; {@code partial} when the instance limit truncated some attribute (206 with
     * Content-Range over [first, last] of the returned instances, clause 6.3.x temporal pagination).
     */
    public record Answer(JsonNode body, boolean partial, Instant first, Instant last, Long count) {
    }

    private final TemporalStore store;
    private final TemporalRenderer renderer = new TemporalRenderer();

    public TemporalQueries(TemporalStore store) {
        this.store = store;
    }

    public Uni<Answer> retrieve(Tenant tenant, String id, Request req) {
        return store.forRead(tenant).chain(db -> store.record(db, id).chain(r -> {
            if (r == null) {
                return Uni.createFrom().failure(NgsiException.notFound("No temporal entity " + id));
            }
            return entity(db, r, req).map(e -> new Answer(e.body, e.partial, e.first, e.last, null));
        }));
    }

    public Uni<Answer> query(Tenant tenant, EntityQuery query, int offset, int limit, boolean count, Request req) {
        Bson filter = query.filter(false);
        return store.forRead(tenant).chain(db -> selected(db, query, filter, offset, limit, count).chain(page -> Multi.createFrom()
                .iterable(page.records())
                .onItem().transformToUniAndConcatenate(r -> entity(db, r, req))
                .collect().asList()
                .map(entities -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    boolean partial = false;
                    Instant first = null;
                    Instant last = null;
                    for (Rendered e : entities) {
                        out.add(e.body);
                        partial |= e.partial;
                        first = min(first, e.first);
                        last = max(last, e.last);
                    }
                    return new Answer(out, partial, first, last, page.count());
                })));
    }

    private record Page(List<TemporalRecord> records, Long count) {
    }

    /** With a geo-query JTS decides on the state, so paging happens here; else the store pages. */
    private Uni<Page> selected(MongoDatabase db, EntityQuery query, Bson filter, int offset, int limit, boolean count) {
        var c = TemporalStore.entities(db);
        if (query.geo() == null) {
            Uni<List<TemporalRecord>> page = limit == 0 ? Uni.createFrom().item(List.of())
                    : Rx.multi(c.find(filter).sort(Sorts.ascending("_id")).skip(offset).limit(limit))
                            .map(TemporalRecord::fromDocument).collect().asList();
            Uni<Long> total = count ? Rx.uni(c.countDocuments(filter)) : Uni.createFrom().nullItem();
            return Uni.combine().all().unis(page, total).asTuple().map(t -> new Page(t.getItem1(), t.getItem2()));
        }
        return Rx.multi(c.find(filter).sort(Sorts.ascending("_id"))).map(TemporalRecord::fromDocument)
                .filter(r -> query.matchesGeo(r.state())).collect().asList()
                .map(all -> new Page(all.stream().skip(offset).limit(limit).toList(), count ? (long) all.size() : null));
    }

    private record Rendered(JsonNode body, boolean partial, Instant first, Instant last) {
    }

    private Uni<Rendered> entity(MongoDatabase db, TemporalRecord r, Request req) {
        List<Series> lines = r.series().values().stream().filter(s -> req.render().includes(s.attribute())).toList();
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(s -> req.mode() == Mode.AGGREGATED
                        ? Aggregator.aggregate(db, s, req.temporal(), req.aggregation())
                        : TemporalReader.instances(db, s, req.temporal(), req.maxInstances()))
                .collect().asList()
                .map(results -> {
                    boolean partial = false;
                    Instant first = null;
                    Instant last = null;
                    List<SeriesResult> ordered = new ArrayList<>(results);
                    for (SeriesResult s : ordered) {
                        partial |= s.truncated();
                        for (TemporalInstance i : s.instances()) {
                            Instant t = i.timeOr(req.temporal().timeproperty());
                            first = min(first, t);
                            last = max(last, t);
                        }
                    }
                    return new Rendered(renderer.render(r, ordered, req.ctx(), req.mode(), req.render(),
                            req.temporal().timeproperty()), partial, first, last);
                });
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
