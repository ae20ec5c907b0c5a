package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.civicbroker.registration.Mode;

/**
 * Merges temporal representations of entities (clause 5.2.20) from this broker and from context sources, as
 * clauses 5.7.3.4 and 5.7.4.4 say for distributed temporal retrieval and query: answers of inclusive sources are
 * merged with the local one by the rule of clause 4.5.5 (an attribute's instances are united; the same instance
 * held at two places appears once), exclusive and redirect sources own the attributes they send (they replace
 * local ones), and an auxiliary source only adds instances whose time (the temporal query's timeproperty) is not
 * already present. Works on the JSON as every party rendered it in the same representation (normalized,
 * temporalValues or aggregatedValues) with the same @context; {@code lastN} is applied again after the merge
 * (each party applied it to its own instances). Entities come out in id order. Pure code.
 */
public final class TemporalMerge {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Entity members that are not attributes (clause 5.2.20). */
    private static final Set<String> CORE = Set.of("@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt");
    /** Members of a normalized instance that differ between two brokers holding the same observation. */
    private static final Set<String> LOCAL_MEMBERS = Set.of("instanceId", "createdAt", "modifiedAt");
    /** Clause 4.5.9: the members of a temporalValues line that hold [value, time] pairs. */
    private static final List<String> VALUE_MEMBERS = List.of("values", "objects", "languageMaps", "vocabs",
            "valueLists", "objectLists", "jsons");
    /** Members that make an object a normalized attribute instance. */
    private static final List<String> INSTANCE_MEMBERS = List.of("value", "object", "languageMap", "vocab", "valueList",
            "objectList", "json");

    /** One source's temporal entity and the mode of the registration it came through. */
    public record Part(ObjectNode entity, Mode mode) {
    }

    private TemporalMerge() {
    }

    /**
     * @param local this broker's temporal entities (in any order)
     * @param timeproperty the temporal query's time property (observedAt by default)
     * @param lastN the client's lastN, or null
     */
    public static List<ObjectNode> merge(List<ObjectNode> local, List<Part> remote, String timeproperty, Integer lastN) {
        Map<String, ObjectNode> byId = new TreeMap<>();
        for (ObjectNode e : local) {
            byId.put(e.path("id").asText(), e);
        }
        List<Part> ordered = new ArrayList<>();
        remote.stream().filter(p -> p.mode() != Mode.AUXILIARY).forEach(ordered::add);
        remote.stream().filter(p -> p.mode() == Mode.AUXILIARY).forEach(ordered::add);
        boolean merged = false;
        for (Part p : ordered) {
            String id = p.entity().path("id").asText(null);
            if (id == null) {
                continue;
            }
            ObjectNode base = byId.get(id);
            byId.put(id, base == null ? p.entity().deepCopy() : merge(base.deepCopy(), p.entity(), p.mode(), timeproperty));
            merged |= base != null;
        }
        List<ObjectNode> out = new ArrayList<>(byId.values());
        if (lastN != null && merged) {
            out.forEach(e -> lastN(e, timeproperty, lastN));
        }
        return out;
    }

    static ObjectNode merge(ObjectNode base, ObjectNode other, Mode mode, String tp) {
        unite(base, other, "type");
        if (mode != Mode.AUXILIARY) {
            unite(base, other, "scope");
        }
        Iterator<Map.Entry<String, JsonNode>> it = other.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> kv = it.next();
            String name = kv.getKey();
            if (CORE.contains(name)) {
                continue;
            }
            JsonNode mine = base.get(name);
            if (mine == null) {
                base.set(name, kv.getValue().deepCopy());
            } else if (mode.proxied()) {
                base.set(name, kv.getValue().deepCopy());
            } else {
                base.set(name, attribute(items(mine), items(kv.getValue()), mode == Mode.AUXILIARY, tp));
            }
        }
        return base;
    }

    /** The union of two string-or-array members (types, scopes). */
    private static void unite(ObjectNode base, ObjectNode other, String member) {
        JsonNode theirs = other.get(member);
        if (theirs == null) {
            return;
        }
        Set<String> all = new LinkedHashSet<>();
        items(base.get(member)).forEach(n -> all.add(n.asText()));
        items(theirs).forEach(n -> all.add(n.asText()));
        if (all.size() == 1) {
            base.put(member, all.iterator().next());
        } else {
            ArrayNode a = base.putArray(member);
            all.forEach(a::add);
        }
    }

    private static List<JsonNode> items(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(out::add);
        } else {
            out.add(v);
        }
        return out;
    }

    /** One attribute from both sides: instances (normalized) or lines per datasetId (temporalValues, aggregated). */
    private static JsonNode attribute(List<JsonNode> mine, List<JsonNode> theirs, boolean auxiliary, String tp) {
        List<JsonNode> out = new ArrayList<>(mine);
        if (mine.stream().anyMatch(TemporalMerge::isInstance) || theirs.stream().anyMatch(TemporalMerge::isInstance)) {
            Set<JsonNode> seen = new HashSet<>();
            Set<String> times = new HashSet<>();
            mine.forEach(i -> {
                seen.add(withoutLocal(i));
                times.add(i.path(tp).asText(""));
            });
            for (JsonNode t : theirs) {
                boolean present = auxiliary ? times.contains(t.path(tp).asText("")) : seen.contains(withoutLocal(t));
                if (!present) {
                    out.add(t.deepCopy());
                }
            }
            ArrayNode a = F.arrayNode();
            out.forEach(a::add);
            return a;
        }
        for (JsonNode line : theirs) {
            JsonNode same = out.stream().filter(l -> Objects.equals(l.path("datasetId").asText(null),
                    line.path("datasetId").asText(null))).findFirst().orElse(null);
            String member = valuesMember(line);
            if (same == null) {
                out.add(line.deepCopy());
            } else if (member != null && same.get(member) != null) {
                // temporalValues: the [value, time] pairs of both, each once, in time order
                ObjectNode united = same.deepCopy();
                Set<String> times = new HashSet<>();
                Set<JsonNode> pairs = new LinkedHashSet<>();
                same.get(member).forEach(p -> {
                    pairs.add(p);
                    times.add(p.path(1).asText(""));
                });
                line.get(member).forEach(p -> {
                    if (!(auxiliary && times.contains(p.path(1).asText("")))) {
                        pairs.add(p);
                    }
                });
                ArrayNode a = united.putArray(member);
                pairs.stream().sorted(Comparator.comparing((JsonNode p) -> p.path(1).asText(""))).forEach(a::add);
                out.set(out.indexOf(same), united);
            }
            // aggregated lines of the same datasetId cannot be combined: the first party's is kept
        }
        return out.size() == 1 ? out.get(0) : arrayOf(out);
    }

    private static ArrayNode arrayOf(List<JsonNode> nodes) {
        ArrayNode a = F.arrayNode();
        nodes.forEach(a::add);
        return a;
    }

    private static boolean isInstance(JsonNode n) {
        return n.isObject() && INSTANCE_MEMBERS.stream().anyMatch(n::has);
    }

    private static String valuesMember(JsonNode line) {
        return VALUE_MEMBERS.stream().filter(m -> line.path(m).isArray()).findFirst().orElse(null);
    }

    private static JsonNode withoutLocal(JsonNode instance) {
        if (!instance.isObject()) {
            return instance;
        }
        ObjectNode copy = ((ObjectNode) instance).deepCopy();
        copy.remove(LOCAL_MEMBERS);
        return copy;
    }

    /** Keeps the lastN most recent instances (or [value, time] pairs) of each attribute, all datasetIds together. */
    static void lastN(ObjectNode entity, String tp, int n) {
        List<String> names = new ArrayList<>();
        entity.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (CORE.contains(name)) {
                continue;
            }
            List<JsonNode> lines = items(entity.get(name));
            List<String> times = new ArrayList<>();
            for (JsonNode l : lines) {
                if (isInstance(l)) {
                    times.add(l.path(tp).asText(""));
                } else if (valuesMember(l) != null) {
                    l.get(valuesMember(l)).forEach(p -> times.add(p.path(1).asText("")));
                }
            }
            if (times.size() <= n) {
                continue;
            }
            times.sort(Comparator.reverseOrder());
            String oldest = times.get(n - 1);
            List<JsonNode> kept = new ArrayList<>();
            for (JsonNode l : lines) {
                if (isInstance(l)) {
                    if (l.path(tp).asText("").compareTo(oldest) >= 0) {
                        kept.add(l);
                    }
                } else if (valuesMember(l) != null) {
                    ObjectNode copy = ((ObjectNode) l).deepCopy();
                    ArrayNode a = copy.putArray(valuesMember(l));
                    l.get(valuesMember(l)).forEach(p -> {
                        if (p.path(1).asText("").compareTo(oldest) >= 0) {
                            a.add(p);
                        }
                    });
                    kept.add(copy);
                } else {
                    kept.add(l);
                }
            }
            boolean normalized = lines.stream().anyMatch(TemporalMerge::isInstance);
            entity.set(name, normalized || kept.size() != 1 ? arrayOf(kept) : kept.get(0));
        }
    }
}
