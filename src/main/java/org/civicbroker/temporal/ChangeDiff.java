package org.civicbroker.temporal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicbroker.events.ChangeConsumer;
import org.civicbroker.events.EntityChange;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.model.NgsiNull;
import org.civicbroker.temporal.TemporalWriter.Placed;

/**
 * What one journaled entity change adds to the history: an instance for every attribute instance
 * (attribute + datasetId) that is new or was written (any difference, including its modifiedAt), and a
 * deletion instance ({@code deletedAt}, value NGSI-LD Null) for every one that disappeared. InstanceIds
 * derive from the journal sequence number and the position in the change, so a redelivered change
 * yields the same instances and the bucket write skips them.
 */
final class ChangeDiff {

    static final String INSTANCE_PREFIX = "urn:ngsi-ld:instance:";

    private ChangeDiff() {
    }

    static List<Placed> instances(ChangeConsumer.Entry entry) {
        EntityChange c = entry.change();
        Entity before = c.before();
        Entity after = c.after();
        Instant at = c.at();
        List<Placed> out = new ArrayList<>();
        int[] n = {0};
        if (after != null) {
            after.attributes().forEach((iri, instances) -> {
                for (Attribute a : instances) {
                    Attribute old = find(before, iri, a.datasetId());
                    if (!a.equals(old)) {
                        Instant written = a.modifiedAt() != null ? a.modifiedAt() : at;
                        out.add(new Placed(iri, new TemporalInstance(id(entry, n[0]++), a.withTimestamps(written, written), null)));
                    }
                }
            });
        }
        if (before != null) {
            for (Map.Entry<String, List<Attribute>> e : before.attributes().entrySet()) {
                for (Attribute a : e.getValue()) {
                    if (after == null || find(after, e.getKey(), a.datasetId()) == null) {
                        out.add(new Placed(e.getKey(), deletion(id(entry, n[0]++), a, at)));
                    }
                }
            }
        }
        return out;
    }

    /** A deletion instance of {@code a} (clause 4.5.x: deletedAt; the value is the NGSI-LD Null). */
    static TemporalInstance deletion(String instanceId, Attribute a, Instant at) {
        Attribute marker = new Attribute(a.type(), NgsiNull.of(a.type()), a.datasetId(), null, null, null, at, at, Map.of());
        return new TemporalInstance(instanceId, marker, at);
    }

    private static String id(ChangeConsumer.Entry entry, int n) {
        return INSTANCE_PREFIX + "j" + entry.seq() + "-" + n;
    }

    private static Attribute find(Entity e, String iri, String datasetId) {
        if (e == null) {
            return null;
        }
        for (Attribute a : e.attribute(iri)) {
            if (Objects.equals(a.datasetId(), datasetId)) {
                return a;
            }
        }
        return null;
    }
}
