package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.AttributeType;
import org.civicbroker.representation.AttributeRenderer;
import org.civicbroker.model.DateTimes;
import org.civicbroker.representation.EntityRenderer;
import org.civicbroker.representation.Format;
import org.civicbroker.representation.RenderOptions;
import org.civicbroker.temporal.SeriesResult.Aggregate;

/**
 * Temporal representations of an entity: normalized (clause 4.5.7: every attribute an array of its
 * instances, each with instanceId), simplified {@code temporalValues} (clause 4.5.9: per attribute line
 * {@code {type, values: [[value, time]...]}}) and aggregated (clause 4.5.19: {@code {type, <method>:
 * [[value, startAt, endAt]...]}}). Several datasetIds make the attribute an array with one member per
 * datasetId (clause 4.5.5). Attributes without an instance in range are left out.
 */
final class TemporalRenderer {

    enum Mode { NORMALIZED, TEMPORAL_VALUES, AGGREGATED }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final AttributeRenderer attributes = new AttributeRenderer();

    ObjectNode render(TemporalRecord r, List<SeriesResult> results, LdContext ctx, Mode mode, RenderOptions o,
            TimeProperty tp) {
        ObjectNode out = F.objectNode();
        if (o.embedContext()) {
            out.set("@context", ctx.contextValue().deepCopy());
        }
        if (o.includeId()) {
            out.put("id", r.state().id());
        }
        if (o.includeType()) {
            out.set("type", EntityRenderer.types(r.state().types(), ctx));
        }
        List<String> scopes = r.state().scopes();
        if (o.includeScope() && !scopes.isEmpty()) {
            if (scopes.size() == 1) {
                out.put("scope", scopes.get(0));
            } else {
                scopes.forEach(out.putArray("scope")::add);
            }
        }
        if (o.sysAttrs()) {
            if (r.state().createdAt() != null) {
                out.put("createdAt", DateTimes.format(r.state().createdAt()));
            }
            if (r.state().modifiedAt() != null) {
                out.put("modifiedAt", DateTimes.format(r.state().modifiedAt()));
            }
            if (r.deletedAt() != null) {
                out.put("deletedAt", DateTimes.format(r.deletedAt()));
            }
        }
        Map<String, List<SeriesResult>> byAttribute = new LinkedHashMap<>();
        for (SeriesResult s : results) {
            if (!s.isEmpty() && o.includes(s.series().attribute())) {
                byAttribute.computeIfAbsent(s.series().attribute(), k -> new ArrayList<>()).add(s);
            }
        }
        byAttribute.forEach((iri, lines) -> out.set(name(iri, ctx), switch (mode) {
            case NORMALIZED -> normalized(lines, ctx, o);
            case TEMPORAL_VALUES -> oneOrMany(lines.stream().map(l -> temporalValues(l, ctx, o, tp)).toList());
            case AGGREGATED -> oneOrMany(lines.stream().map(this::aggregated).toList());
        }));
        return out;
    }

    private ArrayNode normalized(List<SeriesResult> lines, LdContext ctx, RenderOptions o) {
        ArrayNode out = F.arrayNode();
        RenderOptions normalized = o.withFormat(Format.NORMALIZED);
        for (SeriesResult line : lines) {
            for (TemporalInstance i : line.instances()) {
                ObjectNode n = (ObjectNode) attributes.renderInstance(i.attribute(), ctx, normalized);
                n.put("instanceId", i.instanceId());
                if (i.deletedAt() != null) {
                    n.put("deletedAt", DateTimes.format(i.deletedAt()));
                }
                out.add(n);
            }
        }
        return out;
    }

    private ObjectNode temporalValues(SeriesResult line, LdContext ctx, RenderOptions o, TimeProperty tp) {
        ObjectNode out = header(line.series());
        ArrayNode values = out.putArray(valuesMember(line.series().type()));
        RenderOptions simplified = o.withFormat(Format.SIMPLIFIED).withSysAttrs(false);
        for (TemporalInstance i : line.instances()) {
            // a deletion instance gives its NGSI-LD Null (clause 4.5.9 lists every selected instance)
            ArrayNode pair = values.addArray();
            pair.add(attributes.renderInstance(i.attribute(), ctx, simplified));
            pair.add(DateTimes.format(i.timeOr(tp)));
        }
        return out;
    }

    private ObjectNode aggregated(SeriesResult line) {
        ObjectNode out = header(line.series());
        line.aggregates().forEach((method, values) -> {
            ArrayNode list = out.putArray(method.term());
            for (Aggregate a : values) {
                ArrayNode triple = list.addArray();
                if (a.value() instanceof Long l) {
                    triple.add(l);
                } else {
                    triple.add(a.value().doubleValue());
                }
                triple.add(DateTimes.format(a.start()));
                triple.add(DateTimes.format(a.end()));
            }
        });
        return out;
    }

    private static ObjectNode header(Series s) {
        ObjectNode out = F.objectNode();
        out.put("type", s.type().term());
        if (s.datasetId() != null) {
            out.put("datasetId", s.datasetId());
        }
        return out;
    }

    private static JsonNode oneOrMany(List<ObjectNode> lines) {
        if (lines.size() == 1) {
            return lines.get(0);
        }
        ArrayNode out = F.arrayNode();
        lines.forEach(out::add);
        return out;
    }

    /** Clause 4.5.9: the member holding the [value, time] pairs for each attribute type. */
    static String valuesMember(AttributeType t) {
        return switch (t) {
            case RELATIONSHIP -> "objects";
            case LANGUAGE_PROPERTY -> "languageMaps";
            case VOCAB_PROPERTY -> "vocabs";
            case LIST_PROPERTY -> "valueLists";
            case LIST_RELATIONSHIP -> "objectLists";
            case JSON_PROPERTY -> "jsons";
            default -> "values";
        };
    }

    private static String name(String iri, LdContext ctx) {
        String term = ctx.compact(iri);
        return List.of("@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt").contains(term) ? iri : term;
    }
}
