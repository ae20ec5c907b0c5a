package org.civicbroker.query;

import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.conversions.Bson;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.FieldNames;
import org.civicbroker.query.geo.BoundingBox;
import org.civicbroker.query.geo.GeoFilters;
import org.civicbroker.query.geo.GeoQuery;
import org.civicbroker.query.lang.ScopeQuery;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.query.q.QNode;
import org.civicbroker.query.q.QTranslator;

/**
 * A resolved entity query (clause 5.7.2 Query Entities, 5.2.23 Query): which entities match, before
 * paging and projection. All names are expanded IRIs.
 *
 * @param selectors OR of entity selectors (ids, idPattern, type); empty = any entity
 * @param attrs entities must have at least one of these attributes (clause 5.7.2 "attrs"); empty = no restriction
 * @param q the q filter or null
 * @param scopeQ the scope filter or null
 * @param geo the geo-query or null
 */
public record EntityQuery(List<Selector> selectors, Set<String> attrs, QNode q, ScopeQuery scopeQ, GeoQuery geo) {

    /**
     * One EntitySelector (clause 5.2.33): the conditions hold together.
     *
     * @param ids any of these ids (empty: no id restriction)
     * @param idPattern regular expression on the id, or null
     * @param type the type selection, or null
     */
    public record Selector(List<String> ids, String idPattern, TypeQuery type) {
        public Selector {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }

        Bson filter() {
            List<Bson> all = new ArrayList<>();
            if (!ids.isEmpty()) {
                all.add(ids.size() == 1 ? Filters.eq(EntityDocuments.ID, ids.get(0)) : Filters.in(EntityDocuments.ID, ids));
            }
            if (idPattern != null) {
                all.add(Filters.regex(EntityDocuments.ID, idPattern));
            }
            if (type != null) {
                all.add(type.toBson());
            }
            return and(all);
        }
    }

    public EntityQuery {
        selectors = selectors == null ? List.of() : List.copyOf(selectors);
        attrs = attrs == null ? Set.of() : Set.copyOf(attrs);
    }

    /** The store filter. With {@code nativeGeo} the 2dsphere operators narrow geo candidates further. */
    public Bson filter(boolean nativeGeo) {
        List<Bson> all = new ArrayList<>();
        if (!selectors.isEmpty()) {
            List<Bson> any = selectors.stream().map(Selector::filter).toList();
            all.add(any.size() == 1 ? any.get(0) : Filters.or(any));
        }
        if (!attrs.isEmpty()) {
            all.add(attrs.size() == 1 ? Filters.eq(EntityDocuments.ATTR_NAMES, attrs.iterator().next())
                    : Filters.in(EntityDocuments.ATTR_NAMES, attrs));
        }
        if (q != null) {
            all.add(QTranslator.toFilter(q));
        }
        if (scopeQ != null) {
            all.add(scopeQ.toBson());
        }
        if (geo != null) {
            String path = FieldNames.attributePath(geo.geoproperty());
            if (nativeGeo) {
                all.add(GeoFilters.nativeFilter(path, geo));
            }
            BoundingBox box = geo.prefilter().orElse(null);
            all.add(box == null ? Filters.exists(path) : GeoFilters.portable(path, box));
        }
        return and(all);
    }

    /**
     * The types, when the query selects by a plain list of types (and optionally ids) and nothing else:
     * the shape an index of ids by type answers alone. Null otherwise.
     */
    public Selector plainTypeSelection() {
        if (selectors.size() != 1 || !attrs.isEmpty() || q != null || scopeQ != null || geo != null) {
            return null;
        }
        Selector s = selectors.get(0);
        return s.idPattern() == null && s.type() != null && s.type().isSimpleList() ? s : null;
    }

    /** Whether the stored entity satisfies the geo-query exactly (JTS), or true without one. */
    public boolean matchesGeo(Entity e) {
        return geo == null || GeoMatch.matches(geo, e);
    }

    private static Bson and(List<Bson> all) {
        return all.isEmpty() ? Filters.empty() : all.size() == 1 ? all.get(0) : Filters.and(all);
    }
}
