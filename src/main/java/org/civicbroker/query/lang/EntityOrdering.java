package org.civicbroker.query.lang;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.query.q.QValueComparison;

/**
 * In-memory counterpart of {@link OrderBy#toBson}, used to merge results (federation). It follows
 * MongoDB's sort semantics where they are observable: an array-valued key (the entity's types, the
 * instances of a multi-instance attribute, a JSON array value) sorts by its smallest element ascending
 * and its largest descending; values of different kinds order numbers &lt; strings &lt; objects &lt;
 * booleans &lt; dates; strings compare by code point (UTF-8 byte order, no collation). Unlike MongoDB,
 * missing values (and JSON null) sort last in both directions. Ties end with the id ascending.
 */
final class EntityOrdering {

    private EntityOrdering() {
    }

    static Comparator<Entity> comparator(List<SortKey> keys) {
        Comparator<Entity> c = (a, b) -> 0;
        boolean idNamed = false;
        for (SortKey k : keys) {
            c = c.thenComparing(byKey(k));
            idNamed |= k.field() == SortKey.Field.ID;
        }
        return idNamed ? c : c.thenComparing(Entity::id, QValueComparison::compareCodePoints);
    }

    private static Comparator<Entity> byKey(SortKey k) {
        Comparator<Optional<SortValue>> present = (x, y) -> {
            if (x.isEmpty() || y.isEmpty()) {
                return Boolean.compare(x.isEmpty(), y.isEmpty());
            }
            return k.descending() ? y.get().compareTo(x.get()) : x.get().compareTo(y.get());
        };
        return Comparator.comparing(e -> extreme(values(e, k), k.descending()), present);
    }

    private static Optional<SortValue> extreme(List<SortValue> values, boolean max) {
        return max ? values.stream().max(Comparator.naturalOrder()) : values.stream().min(Comparator.naturalOrder());
    }

    private static List<SortValue> values(Entity e, SortKey k) {
        List<SortValue> out = new ArrayList<>();
        switch (k.field()) {
            case ID -> out.add(SortValue.of(e.id()));
            case TYPE -> e.types().forEach(t -> out.add(SortValue.of(t)));
            case CREATED_AT -> addInstant(out, e.createdAt());
            case MODIFIED_AT -> addInstant(out, e.modifiedAt());
            case ATTRIBUTE -> {
                List<Attribute> level = e.attribute(k.attribute());
                for (String sub : k.subAttributes()) {
                    List<Attribute> next = new ArrayList<>();
                    level.forEach(a -> {
                        Attribute s = a.subAttributes().get(sub);
                        if (s != null) {
                            next.add(s);
                        }
                    });
                    level = next;
                }
                for (Attribute a : level) {
                    if (!k.member().equals("value")) {
                        addInstant(out, switch (k.member()) {
                            case "observedAt" -> a.observedAt();
                            case "createdAt" -> a.createdAt();
                            default -> a.modifiedAt();
                        });
                        continue;
                    }
                    JsonNode v = a.value();
                    for (String key : k.valueKeys()) {
                        v = v == null || !v.isObject() ? null : v.get(key);
                    }
                    addJson(out, v);
                }
            }
            default -> throw new IllegalStateException(k.field().name());
        }
        return out;
    }

    private static void addInstant(List<SortValue> out, Instant t) {
        if (t != null) {
            out.add(new SortValue(5, t, null));
        }
    }

    private static void addJson(List<SortValue> out, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return;
        }
        if (v.isArray()) {
            v.forEach(item -> {
                if (!item.isArray()) {
                    addJson(out, item);
                }
            });
        } else if (v.isNumber()) {
            out.add(new SortValue(1, v.decimalValue(), null));
        } else if (v.isTextual()) {
            out.add(SortValue.of(v.textValue()));
        } else if (v.isObject()) {
            out.add(new SortValue(3, null, v.toString()));
        } else if (v.isBoolean()) {
            out.add(new SortValue(4, v.booleanValue(), null));
        }
    }

    /** A comparable sort value: rank orders kinds, then the value (or the text for strings/objects). */
    private record SortValue(int rank, Comparable<?> value, String text) implements Comparable<SortValue> {

        static SortValue of(String s) {
            return new SortValue(2, null, s);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public int compareTo(SortValue o) {
            if (rank != o.rank) {
                return Integer.compare(rank, o.rank);
            }
            return text != null ? QValueComparison.compareCodePoints(text, o.text) : ((Comparable) value).compareTo(o.value);
        }
    }
}
