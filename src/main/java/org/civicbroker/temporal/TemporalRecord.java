package org.civicbroker.temporal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.query.geo.BoundingBox;

/**
 * The per-entity record of temporal storage ({@code temporalEntities}, {@code _id} = entity id): the
 * latest known state in the entity document shape (so the query package's filters on type, id,
 * idPattern, q, scopeQ and geo select temporal entities exactly as they select entities), when the
 * entity was deleted, and its series. {@code attrNames} lists every attribute with history, deleted
 * or not, so an {@code attrs} restriction finds them.
 *
 * @param state latest state; its createdAt is the temporal entity's createdAt
 * @param series by series key
 */
public record TemporalRecord(Entity state, Instant deletedAt, Map<String, Series> series) {

    static final String DELETED_AT = "deletedAt";
    static final String SERIES = "series";
    private static final EntityDocuments DOCS = new EntityDocuments(BoundingBox::documentOf);

    public TemporalRecord {
        series = new LinkedHashMap<>(series);
    }

    public List<Series> seriesOf(String attribute) {
        return series.values().stream().filter(s -> s.attribute().equals(attribute)).toList();
    }

    Document toDocument() {
        Document d = DOCS.toDocument(state);
        Set<String> names = new LinkedHashSet<>(state.attributes().keySet());
        series.values().forEach(s -> names.add(s.attribute()));
        d.put(EntityDocuments.ATTR_NAMES, new ArrayList<>(names));
        if (deletedAt != null) {
            d.put(DELETED_AT, Date.from(deletedAt));
        }
        List<Document> s = new ArrayList<>();
        series.values().forEach(x -> s.add(x.toDocument()));
        d.put(SERIES, s);
        return d;
    }

    @SuppressWarnings("unchecked")
    static TemporalRecord fromDocument(Document d) {
        Map<String, Series> series = new LinkedHashMap<>();
        List<Document> s = (List<Document>) d.get(SERIES);
        if (s != null) {
            s.forEach(x -> {
                Series one = Series.fromDocument(x);
                series.put(one.key(), one);
            });
        }
        Date del = d.getDate(DELETED_AT);
        return new TemporalRecord(DOCS.toEntity(d), del == null ? null : del.toInstant(), series);
    }
}
