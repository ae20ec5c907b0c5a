package org.civicbroker.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.DateTimes;
import org.civicbroker.model.Entity;

/**
 * Maps entities to and from their MongoDB documents. One document per entity (no multi-document
 * transactions are needed):
 *
 * <pre>
 * { _id: "urn:ngsi-ld:X:1", type: [type IRIs], scope: [scopes] (absent when none),
 *   createdAt: Date, modifiedAt: Date, attrNames: [attribute IRIs], attrKinds: [their types],
 *   attrs: { encoded attribute IRI: [ instance, ... ] } }
 * instance = { type: "Property", value: any, datasetId?, observedAt?: Date, unitCode?, objectType?,
 *              createdAt?: Date, modifiedAt?: Date, sub?: { encoded IRI: instance },
 *              bbox?: {minX, minY, maxX, maxY} (GeoProperty, see query.geo) }
 * </pre>
 *
 * Every key, including keys inside compound values, is encoded by {@link FieldNames}.
 */
public final class EntityDocuments {

    public static final String ID = "_id";
    public static final String TYPE = "type";
    public static final String SCOPE = "scope";
    public static final String CREATED_AT = "createdAt";
    public static final String MODIFIED_AT = "modifiedAt";
    public static final String ATTR_NAMES = "attrNames";
    /** The attribute type (term) of each entry of attrNames, same order: serves /types and /attributes. */
    public static final String ATTR_KINDS = "attrKinds";
    public static final String ATTRS = "attrs";
    public static final String VALUE = "value";
    public static final String DATASET_ID = "datasetId";
    public static final String OBSERVED_AT = "observedAt";
    public static final String UNIT_CODE = "unitCode";
    public static final String OBJECT_TYPE = "objectType";
    public static final String SUB = "sub";
    public static final String BBOX = "bbox";

    /** Computes the bounding box document of a GeoProperty value, or null; set by the query.geo feature. */
    public interface BoxFunction {
        Document box(JsonNode geometry);
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final BoxFunction boxes;

    public EntityDocuments(BoxFunction boxes) {
        this.boxes = boxes;
    }

    public Document toDocument(Entity e) {
        Document d = new Document(ID, e.id());
        d.put(TYPE, e.types());
        if (!e.scopes().isEmpty()) {
            d.put(SCOPE, e.scopes());
        }
        putDate(d, CREATED_AT, e.createdAt());
        putDate(d, MODIFIED_AT, e.modifiedAt());
        d.put(ATTR_NAMES, new ArrayList<>(e.attributes().keySet()));
        d.put(ATTR_KINDS, e.attributes().values().stream().map(instances -> instances.get(0).type().term()).toList());
        Document attrs = new Document();
        e.attributes().forEach((iri, instances) -> {
            List<Document> list = new ArrayList<>(instances.size());
            instances.forEach(a -> list.add(toDocument(a)));
            attrs.put(FieldNames.encode(iri), list);
        });
        d.put(ATTRS, attrs);
        return d;
    }

    public Document toDocument(Attribute a) {
        Document d = new Document(TYPE, a.type().term());
        d.put(VALUE, toBson(a.value()));
        putString(d, DATASET_ID, a.datasetId());
        putDate(d, OBSERVED_AT, a.observedAt());
        putString(d, UNIT_CODE, a.unitCode());
        putString(d, OBJECT_TYPE, a.objectType());
        putDate(d, CREATED_AT, a.createdAt());
        putDate(d, MODIFIED_AT, a.modifiedAt());
        if (!a.subAttributes().isEmpty()) {
            Document sub = new Document();
            a.subAttributes().forEach((iri, s) -> sub.put(FieldNames.encode(iri), toDocument(s)));
            d.put(SUB, sub);
        }
        if (a.type() == AttributeType.GEO_PROPERTY && boxes != null) {
            Document box = boxes.box(a.value());
            if (box != null) {
                d.put(BBOX, box);
            }
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    public Entity toEntity(Document d) {
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        Document stored = d.get(ATTRS, Document.class);
        if (stored != null) {
            stored.forEach((field, list) -> {
                List<Attribute> instances = new ArrayList<>();
                for (Object o : (List<Object>) list) {
                    instances.add(toAttribute((Document) o));
                }
                attrs.put(FieldNames.decode(field), instances);
            });
        }
        List<String> scopes = d.getList(SCOPE, String.class);
        return new Entity(d.getString(ID), d.getList(TYPE, String.class), scopes,
                instant(d.getDate(CREATED_AT)), instant(d.getDate(MODIFIED_AT)), attrs);
    }

    public Attribute toAttribute(Document d) {
        AttributeType type = AttributeType.of(d.getString(TYPE)).orElse(AttributeType.PROPERTY);
        Map<String, Attribute> subs = new LinkedHashMap<>();
        Document sub = d.get(SUB, Document.class);
        if (sub != null) {
            sub.forEach((field, s) -> subs.put(FieldNames.decode(field), toAttribute((Document) s)));
        }
        return new Attribute(type, toJson(d.get(VALUE)), d.getString(DATASET_ID), instant(d.getDate(OBSERVED_AT)),
                d.getString(UNIT_CODE), d.getString(OBJECT_TYPE), instant(d.getDate(CREATED_AT)),
                instant(d.getDate(MODIFIED_AT)), subs);
    }

    /** Converts a JSON value to the BSON value stored, encoding object keys. */
    public static Object toBson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Document d = new Document();
            n.fields().forEachRemaining(f -> d.put(FieldNames.encode(f.getKey()), toBson(f.getValue())));
            return d;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(toBson(x)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isInt()) {
            return n.intValue();
        }
        if (n.isLong()) {
            return n.longValue();
        }
        if (n.isBigInteger()) {
            BigInteger big = n.bigIntegerValue();
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }

    /** Converts a stored BSON value back to JSON, decoding object keys. */
    @SuppressWarnings("unchecked")
    public static JsonNode toJson(Object o) {
        if (o == null) {
            return JSON.nullNode();
        }
        if (o instanceof Document d) {
            ObjectNode obj = JSON.objectNode();
            d.forEach((k, v) -> obj.set(FieldNames.decode(k), toJson(v)));
            return obj;
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode obj = JSON.objectNode();
            m.forEach((k, v) -> obj.set(FieldNames.decode(String.valueOf(k)), toJson(v)));
            return obj;
        }
        if (o instanceof List<?> l) {
            ArrayNode arr = JSON.arrayNode();
            ((List<Object>) l).forEach(x -> arr.add(toJson(x)));
            return arr;
        }
        if (o instanceof String s) {
            return JSON.textNode(s);
        }
        if (o instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (o instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (o instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (o instanceof Double dbl) {
            return JSON.numberNode(dbl);
        }
        if (o instanceof Decimal128 dec) {
            return JSON.numberNode(dec.bigDecimalValue());
        }
        if (o instanceof BigDecimal bd) {
            return JSON.numberNode(bd);
        }
        if (o instanceof Date date) {
            return JSON.textNode(DateTimes.format(date.toInstant()));
        }
        return JSON.textNode(String.valueOf(o));
    }

    private static void putString(Document d, String key, String value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    private static void putDate(Document d, String key, Instant value) {
        if (value != null) {
            d.put(key, Date.from(value));
        }
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
