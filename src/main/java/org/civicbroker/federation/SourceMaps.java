package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.query.RemoteEntities;
import org.civicbroker.registration.Registration;

/**
 * The candidates of an EntityMap at the sources (clauses 5.14.4, 5.14.5), for entity and temporal queries alike:
 * what one registration's source gave (its own EntityMap, or the ids it answered to the query) and the
 * candidates of all of them (registration id -> entity ids, and linkedMaps). Pure code.
 */
final class SourceMaps {

    private SourceMaps() {
    }

    /** One registration's candidates; {@code linkedMap} the id of the map its source made, or null. */
    record SourceCandidates(Registration registration, List<String> ids, String linkedMap) {
    }

    /** A source's EntityMap (clause 5.2.39): its id and its entity ids; null when the answer is not one. */
    static SourceCandidates readMap(Registration r, SourceClient.Reply reply) {
        if (!reply.ok()) {
            return null;
        }
        try {
            JsonNode map = RequestReader.parse(reply.body());
            if (!map.path("id").isTextual() || !map.path("entityMap").isObject()) {
                return null;
            }
            List<String> ids = new ArrayList<>();
            map.get("entityMap").fieldNames().forEachRemaining(ids::add);
            return new SourceCandidates(r, ids, map.get("id").textValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every registration's candidates, at most {@code maxPerSource} each, and the linkedMaps. */
    static RemoteEntities.Candidates collect(List<SourceCandidates> all, int maxPerSource) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, String> linked = new LinkedHashMap<>();
        for (SourceCandidates c : all) {
            ids.put(c.registration().id(), c.ids().size() > maxPerSource ? c.ids().subList(0, maxPerSource) : c.ids());
            if (c.linkedMap() != null) {
                linked.put(c.registration().id(), c.linkedMap());
            }
        }
        return new RemoteEntities.Candidates(ids, linked);
    }
}
