package org.civicbroker.query;

import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.query.geo.GeoJson;
import org.civicbroker.query.geo.GeoQuery;

/** Applies a geo-query to an entity of the model: any instance of the GeoProperty may match (clause 4.10). */
final class GeoMatch {

    private GeoMatch() {
    }

    static boolean matches(GeoQuery geo, Entity e) {
        for (Attribute a : e.attribute(geo.geoproperty())) {
            if (a.type() != AttributeType.GEO_PROPERTY) {
                continue;
            }
            try {
                if (geo.matches(GeoJson.parse(a.value()))) {
                    return true;
                }
            } catch (NgsiException invalidStoredGeometry) {
                // stored before validation existed or through another writer: it cannot match
            }
        }
        return false;
    }
}
