package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.civicbroker.security.PersonalReads;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.temporal.TemporalRenderer.Mode;

/**
 * Temporal consumption (clauses 5.7.3 retrieve, 5.7.4 query): selects temporal entities with the query
 * package's filters on the per-entity records (so q, scopeQ and geo test the latest known state), then
 * reads or aggregates each selected attribute line.
 */
@ApplicationScoped
public class TemporalQueries {

    /**
     * How to answer: temporal query, representation, aggregation, projection, the datasetIds to select
     * (null: all; "@none" is the default instance, clause 4.5.5) and the instance limit per attribute.
     */
    public record Request(TemporalQuery temporal, Mode mode, Aggregator.Request aggregation, RenderOptions render,
            LdContext ctx, int maxInstances, java.util.Set<String> datasetIds, java.util.Set<String> attrs) {

        /**
         * The lines the temporal query selects the entity on (clauses 5.7.3.4, 5.7.4.4: "the Attributes
         * specified by the query or all"): those of {@code attrs} (null: all) and of the datasetIds.
         */
        boolean selects(Series s) {
            return (attrs == null || attrs.contains(s.attribute()))
                    && (datasetIds == null || datasetIds.contains(s.datasetId() == null ? "@none" : s.datasetId()));
        }

        /** The lines the answer shows: selected ones that the projection (attrs, pick, omit) keeps. */
        boolean shows(Series s) {
            return selects(s) && render.includes(s.attribute());
        }
    }

    /**
     * The answer; {@code window} non-null when the instance limit cut it (206 with Content-Range, clause
     * 6.3.10; see {@link InstancePages}). {@code more}: further entities follow this page (next-page Link).
     */
    public record Answer(JsonNode body, InstancePages.Window window, Long count, boolean more) {
    }

    private final TemporalStore store;
    private final TemporalRenderer renderer = new TemporalRenderer();
    private final PersonalReads reads;

    public TemporalQueries(TemporalStore store, PersonalReads reads) {
        this.store = store;
        this.reads = reads;
    }

    /**
     * Clause 5.7.3. 404 when there is no temporal entity, and when none of its instances is selected (the
     * entity is removed from the result, clause 5.7.3.4): attrs/pick/omit/datasetId that leave no
     * attribute, or a time range without instances.
     */
    public Uni<Answer> retrieve(Tenant tenant, String id, Request req) {
        return retrieve(tenant, id, req, Caller.UNRESTRICTED);
    }

    /** As above; a temporal entity whose types the caller may not see is not found (docs/security.md). */
    public Uni<Answer> retrieve(Tenant tenant, String id, Request req, Caller caller) {
        return store.forRead(tenant).chain(db -> store.record(db, id).chain(r -> {
            if (r == null || (caller.restricted() && (r.state() == null || !caller.sees(r.state().types())))) {
                return Uni.createFrom().failure(NgsiException.notFound("No temporal entity " + id));
            }
            return load(db, r, req, Map.of()).map(loaded -> {
                Answer a = answer(tenant, List.of(loaded), req, null, false);
                if (a.body().isEmpty()) {
                    throw NgsiException.notFound("Temporal entity " + id + " has no instance selected by the query");
                }
                return new Answer(a.body().get(0), a.window(), null, false);
            });
        }));
    }

    /** Clause 5.7.4: entities without a selected instance are left out. */
    public Uni<Answer> query(Tenant tenant, EntityQuery query, int offset, int limit, boolean count, Bson sort, Request req) {
        Bson filter = query.filter(false);
        return store.forRead(tenant).chain(db -> selected(db, query, filter, offset, limit, count, sort)
                .chain(page -> prefetch(db, page, req).chain(summaries -> Multi.createFrom().iterable(indexed(page.records()))
                        // entities are read concurrently, then put back in order
                        .onItem().transformToUni(x -> load(db, x.record(), req, summaries).map(e -> new Numbered(x.index(), e)))
                        .merge(CONCURRENCY)
                        .collect().asList()
                        .map(numbered -> answer(tenant, numbered.stream().sorted(java.util.Comparator.comparingInt(Numbered::index))
                                .map(Numbered::loaded).toList(), req, page.count(), page.more())))));
    }

    /** lastN per attribute, then the page window over all entities, then the rendering. */
    private Answer answer(Tenant tenant, List<Loaded> entities, Request req, Long count, boolean more) {
        TemporalQuery tq = req.temporal();
        List<Loaded> cut = entities;
        InstancePages.Window window = null;
        if (req.mode() != Mode.AGGREGATED) {
            boolean partial = false;
            List<Loaded> paged = new ArrayList<>();
            List<Instant> returned = new ArrayList<>();
            for (Loaded e : entities) {
                Loaded last = e.lastN(tq);
                List<List<Instant>> times = new ArrayList<>();
                last.shown(req).byAttribute().values().forEach(lines -> {
                    List<Instant> t = new ArrayList<>();
                    lines.forEach(l -> l.instances().forEach(i -> t.add(i.timeOr(tq.timeproperty()))));
                    times.add(t);
                });
                InstancePages.Cut c = InstancePages.cut(times, tq, req.maxInstances());
                Loaded kept = c == null ? last : last.keeping(i -> c.keeps(i.timeOr(tq.timeproperty())));
                partial |= c != null;
                kept.results().forEach(r -> r.instances().forEach(i -> returned.add(i.timeOr(tq.timeproperty()))));
                paged.add(kept);
            }
            cut = paged;
            window = partial ? InstancePages.window(returned, tq) : null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Loaded e : cut) {
            if (e.results().stream().allMatch(SeriesResult::isEmpty)) {
                continue;  // clauses 5.7.3.4, 5.7.4.4: no instance of the entity is selected
            }
            List<SeriesResult> shown = e.results().stream().filter(r -> req.shows(r.series())).toList();
            ObjectNode rendered = renderer.render(e.record(), shown, req.ctx(), req.mode(), req.render(), tq.timeproperty());
            if (!rendered.isEmpty() && !(rendered.size() == 1 && rendered.has("@context"))) {
                out.add(rendered);  // a projection that leaves no member leaves the entity out (retrieve: 404)
                if (e.record().state() != null) {
                    reads.note(tenant, e.record().state());  // the audit of reads of personal data (docs/security.md)
                }
            }
        }
        return new Answer(out, window, count, more);
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
            r.series().values().stream().filter(req::selects)
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

    private record Numbered(int index, Loaded loaded) {
    }

    private static List<Indexed> indexed(List<TemporalRecord> records) {
        List<Indexed> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.add(new Indexed(i, records.get(i)));
        }
        return out;
    }

    /** With a geo-query JTS decides on the state, so paging happens here; else the store pages. */
    private Uni<Page> selected(MongoDatabase db, EntityQuery query, Bson filter, int offset, int limit, boolean count,
            Bson sort) {
        var c = TemporalStore.entities(db);
        if (query.geo() == null) {
            // one record past the page tells whether another page follows
            Uni<List<TemporalRecord>> page = limit == 0 ? Uni.createFrom().item(List.of())
                    : Rx.multi(c.find(filter).sort(sort).skip(offset).limit(limit + 1))
                            .map(TemporalRecord::fromDocument).collect().asList();
            Uni<Long> total = count ? Rx.uni(c.countDocuments(filter)) : Uni.createFrom().nullItem();
            return Uni.combine().all().unis(page, total).asTuple().map(t -> {
                boolean more = t.getItem1().size() > limit;
                return new Page(more ? t.getItem1().subList(0, limit) : t.getItem1(), t.getItem2(), more);
            });
        }
        return Rx.multi(c.find(filter).sort(sort)).map(TemporalRecord::fromDocument)
                .filter(r -> query.matchesGeo(r.state())).collect().asList()
                .map(all -> new Page(all.stream().skip(offset).limit(limit).toList(), count ? (long) all.size() : null,
                        all.size() > (long) offset + limit));
    }

    /** The selected series results of one entity, before paging and rendering. */
    private record Loaded(TemporalRecord record, List<SeriesResult> results) {

        Map<String, List<SeriesResult>> byAttribute() {
            Map<String, List<SeriesResult>> out = new java.util.LinkedHashMap<>();
            results.forEach(r -> out.computeIfAbsent(r.series().attribute(), k -> new ArrayList<>()).add(r));
            return out;
        }

        /** With lastN, only the N most recent instances of each attribute, all its datasetIds together. */
        Loaded lastN(TemporalQuery q) {
            if (q.lastN() == null) {
                return this;
            }
            java.util.Set<String> kept = new java.util.HashSet<>();
            byAttribute().values().forEach(lines -> lines.stream().flatMap(l -> l.instances().stream())
                    .sorted(java.util.Comparator.comparing((TemporalInstance i) -> i.timeOr(q.timeproperty()))
                            .thenComparing(TemporalInstance::instanceId).reversed())
                    .limit(q.lastN()).forEach(i -> kept.add(i.instanceId())));
            return keeping(i -> kept.contains(i.instanceId()));
        }

        Loaded shown(Request req) {
            return new Loaded(record, results.stream().filter(r -> req.shows(r.series())).toList());
        }

        Loaded keeping(java.util.function.Predicate<TemporalInstance> kept) {
            return new Loaded(record, results.stream().map(r -> r.keeping(kept)).toList());
        }
    }

    /** @param summaries prefetched summaries by series key; a series without entry reads its own */
    private Uni<Loaded> load(MongoDatabase db, TemporalRecord r, Request req, Map<String, List<Document>> summaries) {
        List<Series> lines = r.series().values().stream().filter(req::selects).toList();
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(s -> req.mode() == Mode.AGGREGATED
                        ? Aggregator.aggregate(db, s, req.temporal(), req.aggregation(),
                                summaries.isEmpty() ? null : summaries.getOrDefault(s.key(), List.of()))
                        : TemporalReader.instances(db, s, req.temporal()))
                .collect().asList()
                .map(results -> new Loaded(r, results));
    }
}
