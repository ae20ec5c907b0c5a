package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicbroker.model.DateTimes;

/**
 * What a distributed temporal answer needs after the histories of this broker and of the context sources were
 * merged (clauses 5.7.3.4, 5.7.4.4). Pure code on the rendered JSON.
 *
 * <ul>
 * <li><b>Aggregation</b> (clause 4.5.19): aggregates of the same attribute from two holders cannot be combined
 * exactly (an observation both hold would count twice; distinctCount, avg and stddev do not add up; the periods
 * of each start at its own first instance). So the sources are asked for their values (temporalValues), merged
 * with the local values (the same observation once), and the merged values are aggregated here by the periods
 * and methods the client asked for, as {@link Aggregator} does for local data.
 * <li><b>Instance windows</b> (clause 6.3.10): a party that cut its instances (206, Content-Range) is complete
 * only within its range. The merged answer is cut to the range every cut party covers (oldest first: up to the
 * earliest range end; lastN: back to the latest range end), so that the next page, asked from the range's end,
 * misses nothing; it is then 206 with that range.
 * </ul>
 */
final class MergedHistory {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> CORE = Set.of("@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt");
    /** Clause 4.5.9: the members of a temporalValues line that hold [value, time] pairs. */
    private static final List<String> VALUE_MEMBERS = List.of("values", "objects", "languageMaps", "vocabs",
            "valueLists", "objectLists", "jsons");
    private static final Pattern CONTENT_RANGE = Pattern.compile(
            "^\\s*date-time\\s+(\\S+?(?:Z|[+-]\\d{2}:\\d{2}))-(\\S+)/(\\d+|\\*)\\s*$");

    private MergedHistory() {
    }

    /** Every temporalValues line of these entities replaced by its aggregated line (clause 4.5.19). */
    static List<ObjectNode> aggregate(List<ObjectNode> entities, TemporalQuery q, Aggregator.Request r) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : entities) {
            ObjectNode copy = e.deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = e.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> kv = it.next();
                if (CORE.contains(kv.getKey())) {
                    continue;
                }
                JsonNode v = kv.getValue();
                if (v.isArray()) {
                    ArrayNode lines = F.arrayNode();
                    v.forEach(l -> lines.add(aggregateLine(l, q, r)));
                    copy.set(kv.getKey(), lines);
                } else {
                    copy.set(kv.getKey(), aggregateLine(v, q, r));
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static JsonNode aggregateLine(JsonNode line, TemporalQuery q, Aggregator.Request r) {
        String member = line.isObject() ? VALUE_MEMBERS.stream().filter(m -> line.path(m).isArray()).findFirst().orElse(null) : null;
        if (member == null) {
            return line;
        }
        List<JsonNode> values = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (JsonNode pair : line.get(member)) {
            Instant t = DateTimes.tryParse(pair.path(1).asText(""));
            if (t == null || !q.selects(t)) {
                continue;
            }
            values.add(pair.get(0));
            times.add(t);
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        ObjectNode out = F.objectNode();
        if (line.has("type")) {
            out.set("type", line.get("type"));
        }
        if (line.has("datasetId")) {
            out.set("datasetId", line.get("datasetId"));
        }
        Periods periods = first == null ? null : Aggregator.periods(q, r, first, last);
        Map<Integer, Stats> stats = new HashMap<>();
        Map<Integer, Set<JsonNode>> distinct = new HashMap<>();
        for (int i = 0; periods != null && i < values.size(); i++) {
            int p = periods.indexOf(times.get(i));
            if (p >= 0) {
                stats.computeIfAbsent(p, k -> new Stats()).add(values.get(i));
                distinct.computeIfAbsent(p, k -> new HashSet<>()).add(values.get(i));
            }
        }
        for (AggrMethod m : r.methods()) {
            ArrayNode list = out.putArray(m.term());
            for (int p = 0; periods != null && p < periods.size(); p++) {
                Stats st = stats.get(p);
                if (st == null || st.count() == 0) {
                    continue;
                }
                Set<JsonNode> d = distinct.get(p);
                Number v = m.value(st, d == null ? 0 : d.size());
                if (v == null) {
                    continue;
                }
                ArrayNode triple = list.addArray();
                if (v instanceof Long l) {
                    triple.add(l);
                } else {
                    triple.add(v.doubleValue());
                }
                triple.add(DateTimes.format(periods.start(p)));
                triple.add(DateTimes.format(periods.end(p)));
            }
        }
        return out;
    }

    /** A source's Content-Range header (clause 6.3.10), or null when it is not a date-time range. */
    static InstancePages.Window parseRange(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        Instant start = DateTimes.tryParse(m.group(1));
        Instant end = DateTimes.tryParse(m.group(2));
        if (start == null || end == null) {
            return null;
        }
        return new InstancePages.Window(start, end, m.group(3).equals("*") ? null : Integer.valueOf(m.group(3)));
    }

    /**
     * The window the merged answer is complete in: null when no party cut its answer; else from the query's
     * start to the earliest range end (oldest first) or from the query's end back to the latest range end
     * (lastN: a window runs from the most recent instance to the least recent one).
     */
    static InstancePages.Window combine(List<InstancePages.Window> cuts, TemporalQuery q) {
        InstancePages.Window out = null;
        for (InstancePages.Window w : cuts) {
            if (w == null) {
                continue;
            }
            if (out == null) {
                out = w;
            } else if (q.lastN() != null) {
                out = new InstancePages.Window(later(out.rangeStart(), w.rangeStart()), later(out.rangeEnd(), w.rangeEnd()), q.lastN());
            } else {
                out = new InstancePages.Window(earlier(out.rangeStart(), w.rangeStart()), earlier(out.rangeEnd(), w.rangeEnd()), null);
            }
        }
        return out;
    }

    /** Drops the instances (normalized) or [value, time] pairs (temporalValues) outside the window. */
    static void cut(List<ObjectNode> entities, InstancePages.Window w, TemporalQuery q, String timeproperty) {
        boolean recentFirst = q.lastN() != null;
        for (ObjectNode e : entities) {
            List<String> names = new ArrayList<>();
            e.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (CORE.contains(name)) {
                    continue;
                }
                JsonNode v = e.get(name);
                List<JsonNode> lines = new ArrayList<>();
                (v.isArray() ? v : F.arrayNode().add(v)).forEach(lines::add);
                ArrayNode kept = F.arrayNode();
                for (JsonNode l : lines) {
                    String member = l.isObject() ? VALUE_MEMBERS.stream().filter(m -> l.path(m).isArray()).findFirst().orElse(null) : null;
                    if (member != null) {
                        ObjectNode copy = ((ObjectNode) l).deepCopy();
                        ArrayNode pairs = copy.putArray(member);
                        l.get(member).forEach(p -> {
                            if (inside(p.path(1).asText(""), w, recentFirst)) {
                                pairs.add(p);
                            }
                        });
                        kept.add(copy);
                    } else if (!l.isObject() || !l.has(timeproperty) || inside(l.path(timeproperty).asText(""), w, recentFirst)) {
                        kept.add(l);
                    }
                }
                e.set(name, v.isArray() ? kept : kept.isEmpty() ? F.arrayNode() : kept.get(0));
            }
        }
    }

    private static boolean inside(String time, InstancePages.Window w, boolean recentFirst) {
        Instant t = DateTimes.tryParse(time);
        if (t == null) {
            return true;
        }
        return recentFirst ? !t.isBefore(w.rangeEnd()) : !t.isAfter(w.rangeEnd());
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
