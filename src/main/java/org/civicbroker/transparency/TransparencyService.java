package org.civicbroker.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.register.AttributeEntry;
import org.civicbroker.register.DataRegister;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.register.DatasetEntry;
import org.civicbroker.register.DisposalRecord;
import org.civicbroker.register.PublicationProfile;
import org.civicbroker.register.RegisterClock;
import org.civicbroker.register.RegisterStore.TypeFigures;
import org.civicbroker.tenancy.Tenant;

/**
 * The content of the public transparency page of a tenant that publishes one (issue 17): every
 * declared dataset with its purpose, what is collected, whether it is personal, retention and disposal
 * with the last disposal runs, who is responsible, whether it is open and where to get it, and live
 * figures; the positions of the sensors of open datasets. One JSON document, which the JSON endpoint
 * answers and the HTML page renders, so both always say the same. Personal datasets never contribute
 * positions to the map.
 */
@ApplicationScoped
public class TransparencyService {

    static final int LAST_DISPOSALS = 3;
    static final int MAX_POINTS_PER_TYPE = 2000;

    private final DataRegister register;
    private final RegisterClock clock;

    public TransparencyService(DataRegister register, RegisterClock clock) {
        this.register = register;
        this.clock = clock;
    }

    /** The page content; 404 when the tenant does not publish a page. */
    public Uni<ObjectNode> content(Tenant tenant) {
        return register.profile(tenant).chain(v -> {
            PublicationProfile profile = v == null ? null : register.parseProfile(v.json());
            if (profile == null || !profile.publish()) {
                return Uni.createFrom().failure(NgsiException.notFound("No transparency page is published for this tenant"));
            }
            return build(tenant, profile);
        });
    }

    private Uni<ObjectNode> build(Tenant tenant, PublicationProfile profile) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("tenant", tenant.isDefault() ? null : tenant.name());
        for (String m : List.of("title", "organisation", "contact", "description")) {
            out.put(m, profile.text(m));
        }
        out.put("generatedAt", clock.now().toString());
        List<Versioned> entries = register.list(tenant);
        ArrayNode datasets = out.putArray("datasets");
        List<SvgMap.Point> points = new ArrayList<>();
        return register.figures(tenant).onFailure(NgsiException.class).recoverWithItem(List.of())
                .chain(figures -> {
                    Map<String, TypeFigures> byType = figures.stream().collect(Collectors.toMap(TypeFigures::typeIri, Function.identity()));
                    return Multi.createFrom().iterable(entries)
                            .onItem().transformToUniAndConcatenate(v -> dataset(tenant, v.entry(), byType.get(v.entry().typeIri()), points)
                                    .invoke(datasets::add))
                            .collect().last();
                })
                .map(x -> {
                    double[] bbox = SvgMap.bbox(profile.bbox(), points);
                    ObjectNode map = out.putObject("map");
                    if (bbox != null) {
                        ArrayNode b = map.putArray("bbox");
                        for (double d : bbox) {
                            b.add(d);
                        }
                    }
                    ArrayNode p = map.putArray("points");
                    points.forEach(pt -> p.addObject().put("dataset", pt.dataset()).put("lon", pt.lon()).put("lat", pt.lat()));
                    return out;
                });
    }

    private Uni<ObjectNode> dataset(Tenant tenant, DatasetEntry e, TypeFigures figures, List<SvgMap.Point> points) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        JsonNode s = e.source();
        d.put("type", e.type());
        d.put("typeIri", e.typeIri());
        for (String m : List.of("title", "description", "purpose", "legalBasis", "decisions", "decisionMakers", "organisation",
                "contact", "technology", "disposal", "licence")) {
            d.put(m, s.path(m).isTextual() ? s.get(m).asText() : null);
        }
        d.put("personalData", e.personalData().label());
        d.put("open", e.open());
        ObjectNode retention = d.putObject("retention");
        retention.put("currentState", e.retention().currentState() == null ? null : e.retention().currentState().toString());
        retention.put("history", e.retention().history() == null ? null : e.retention().history().toString());
        ObjectNode metadata = d.putObject("metadata");
        for (String m : List.of("accuracy", "updateFrequency", "quality")) {
            JsonNode v = s.path("metadata").path(m);
            metadata.put(m, v.isTextual() ? v.asText() : null);
        }
        ArrayNode collected = d.putArray("collected");
        for (AttributeEntry a : e.attributes()) {
            ObjectNode o = collected.addObject();
            o.put("name", a.name());
            o.put("description", a.description());
            o.put("personalData", a.personalData() == null ? "none" : a.personalData().label());
            o.put("handling", a.handling().label());
        }
        d.put("entities", figures == null ? 0 : figures.entities());
        d.put("lastUpdate", figures == null || figures.lastUpdate() == null ? null : figures.lastUpdate().toString());
        d.put("access", e.open() ? openDataLink(tenant, e) : null);
        Uni<Void> located = e.open() && figures != null
                ? register.entities(tenant, e.typeIri(), MAX_POINTS_PER_TYPE).invoke(l -> l.forEach(x -> locate(e.type(), x, points)))
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        return located.chain(() -> register.disposals(tenant, e.typeIri(), LAST_DISPOSALS)).map(records -> {
            ArrayNode runs = d.putArray("disposals");
            for (DisposalRecord r : records) {
                runs.addObject().put("at", r.at().toString()).put("rule", r.rule()).put("count", r.count())
                        .put("cutoff", r.cutoff().toString());
            }
            return d;
        });
    }

    /** Where the open data of a dataset is: the broker's open export (with the tenant header when not the default). */
    static String openDataLink(Tenant tenant, DatasetEntry e) {
        return "/ngsi-ld/v1/x-export/open/entities?type=" + URLEncoder.encode(e.typeIri(), StandardCharsets.UTF_8)
                + (tenant.isDefault() ? "" : " (header NGSILD-Tenant: " + tenant.name() + ")");
    }

    /** The position of each GeoProperty instance of the entity: a Point's coordinates, else the mean of a geometry's positions. */
    static void locate(String dataset, Entity e, List<SvgMap.Point> points) {
        for (List<Attribute> instances : e.attributes().values()) {
            for (Attribute a : instances) {
                if (a.type() == AttributeType.GEO_PROPERTY && a.value() != null) {
                    double[] sum = new double[3];
                    positions(a.value().get("coordinates"), sum);
                    if (sum[2] > 0) {
                        points.add(new SvgMap.Point(dataset, sum[0] / sum[2], sum[1] / sum[2]));
                    }
                }
            }
        }
    }

    private static void positions(JsonNode c, double[] sum) {
        if (c == null || !c.isArray() || c.isEmpty()) {
            return;
        }
        if (c.get(0).isNumber() && c.size() >= 2) {
            sum[0] += c.get(0).asDouble();
            sum[1] += c.get(1).asDouble();
            sum[2]++;
            return;
        }
        c.forEach(x -> positions(x, sum));
    }
}
