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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.persistence.Rx;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.security.Caller;
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
    /** {@code more}: further entities follow this page (for the next-page Link header). */
    public record Answer(JsonNode body, boolean partial, Instant first, Instant last, Long count, boolean more) {
    }

    private final TemporalStore store;
    private final TemporalRenderer renderer = new TemporalRenderer();

    public TemporalQueries(TemporalStore store) {
        this.store = store;
    }

    public Uni<Answer> retrieve(Tenant tenant, String id, Request req) {
        return retrieve(tenant, id, req, Caller.UNRESTRICTED);
    }

    /** As above; a temporal entity whose types the caller may not see is not found (docs/security.md). */
    public Uni<Answer> retrieve(Tenant tenant, String id, Request req, Caller caller) {
        return store.forRead(tenant).chain(db -> store.record(db, id).chain(r -> {
            if (r == null || (caller.restricted() && (r.state() == null || !caller.sees(r.state().types())))) {
                return Uni.createFrom().failure(NgsiException.notFound("No temporal entity " + id));
            }
            return entity(db, r, req, Map.of()).map(e -> new Answer(e.body, e.partial, e.first, e.last, null, false));
        }));
    }

    public Uni<Answer> query(Tenant tenant, EntityQuery query, int offset, int limit, boolean count, Request req) {
        Bson filter = query.filter(false);
        return store.forRead(tenant).chain(db -> selected(db, query, filter, offset, limit, count)
                .chain(page -> prefetch(db, page, req).chain(summaries -> Multi.createFrom().iterable(indexed(page.records()))
                        // entities are read concurrently, then put back in order
                        .onItem().transformToUni(x -> entity(db, x.record(), req, summaries).map(e -> new Numbered(x.index(), e)))
                        .merge(CONCURRENCY)
                        .collect().asList()
                        .map(numbered -> answer(numbered, page.count(), page.more())))));
    }

    private static Answer answer(List<Numbered> numbered, Long count, boolean more) {
        List<Rendered> entities = numbered.stream().sorted(java.util.Comparator.comparingInt(Numbered::index))
                .map(Numbered::rendered).toList();
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
        return new Answer(out, partial, first, last, count, more);
    }

    /**
     * For an aggregation from summaries, the summaries of every selected series of the page in one
     * {@code _id $in} read (instead of one read per series); empty otherwise.
     */
    private Uni<Map<String, List<Document>>> prefetch(MongoDatabase db, Page page, Request req) {
        if (req.mode() != Mode.AGGREGATED || !Aggregator.usesSummaries(req.temporal(), req.aggregation())) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> keys = new ArrayList<>();
        for (TemporalRecord r : page.records()) {
            r.series().values().stream().filter(s -> req.render().includes(s.attribute()))
                    .forEach(s -> keys.addAll(TemporalReader.keys(s, req.temporal())));
        }
        return TemporalStore.byIds(TemporalStore.summaries(db), keys).map(docs -> {
            Map<String, List<Document>> bySeries = new HashMap<>();
            docs.forEach(d -> bySeries.computeIfAbsent(d.getString(BucketCodec.SERIES), k -> new ArrayList<>()).add(d));
            return bySeries;
        });
    }

    private record Page(List<TemporalRecord> records, Long count, boolean more) {
    }

    private static final int CONCURRENCY = 4;

    private record Indexed(int index, TemporalRecord record) {
    }

    private record Numbered(int index, Rendered rendered) {
    }

    private static List<Indexed> indexed(List<TemporalRecord> records) {
        List<Indexed> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.add(new Indexed(i, records.get(i)));
        }
        return out;
    }

    /** With a geo-query JTS decides on the state, so paging happens here; else the store pages. */
    private Uni<Page> selected(MongoDatabase db, EntityQuery query, Bson filter, int offset, int limit, boolean count) {
        var c = TemporalStore.entities(db);
        if (query.geo() == null) {
            // one record past the page tells whether another page follows
            Uni<List<TemporalRecord>> page = limit == 0 ? Uni.createFrom().item(List.of())
                    : Rx.multi(c.find(filter).sort(Sorts.ascending("_id")).skip(offset).limit(limit + 1))
                            .map(TemporalRecord::fromDocument).collect().asList();
            Uni<Long> total = count ? Rx.uni(c.countDocuments(filter)) : Uni.createFrom().nullItem();
            return Uni.combine().all().unis(page, total).asTuple().map(t -> {
                boolean more = t.getItem1().size() > limit;
                return new Page(more ? t.getItem1().subList(0, limit) : t.getItem1(), t.getItem2(), more);
            });
        }
        return Rx.multi(c.find(filter).sort(Sorts.ascending("_id"))).map(TemporalRecord::fromDocument)
                .filter(r -> query.matchesGeo(r.state())).collect().asList()
                .map(all -> new Page(all.stream().skip(offset).limit(limit).toList(), count ? (long) all.size() : null,
                        all.size() > (long) offset + limit));
    }

    private record Rendered(JsonNode body, boolean partial, Instant first, Instant last) {
    }

    /** @param summaries prefetched summaries by series key; a series without entry reads its own */
    private Uni<Rendered> entity(MongoDatabase db, TemporalRecord r, Request req, Map<String, List<Document>> summaries) {
        List<Series> lines = r.series().values().stream().filter(s -> req.render().includes(s.attribute())).toList();
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(s -> req.mode() == Mode.AGGREGATED
                        ? Aggregator.aggregate(db, s, req.temporal(), req.aggregation(),
                                summaries.isEmpty() ? null : summaries.getOrDefault(s.key(), List.of()))
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
