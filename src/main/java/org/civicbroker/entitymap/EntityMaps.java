package org.civicbroker.entitymap;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.civicbroker.common.error.NgsiException;

/**
 * The EntityMaps of every tenant (clauses 5.14, 6.32, 6.34), in memory: a map lives until its
 * {@code expiresAt} (by default {@link #DEFAULT_LIFETIME}; a request's {@code entityMapLifetime} may ask for
 * up to {@link #MAX_LIFETIME}, clause 6.4.3.2 lets the broker override it), and a tenant keeps at most
 * {@link #MAX_PER_TENANT} maps (the soonest to expire goes first), so that the maps a client forgets cost
 * bounded memory. A restart forgets them: a client whose map is gone gets a new one (clause 5.7.2).
 */
@ApplicationScoped
public class EntityMaps {

    public static final String PATH = "/ngsi-ld/v1/entityMaps";
    /** The request and response header naming a map (clause 6.4.3.2, Table 6.4.3.2-2). */
    public static final String HEADER = "NGSILD-EntityMap";
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    static final int MAX_PER_TENANT = 1000;

    private final Map<String, Map<String, EntityMap>> byTenant = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Vertx vertx;

    public EntityMaps(Vertx vertx) {
        this.vertx = vertx;
        this.clock = Clock.systemUTC();
    }

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(60_000, id -> purgeExpired());
    }

    /** Stores a new map of these candidates; {@code lifetime} is the client's entityMapLifetime (null = default). */
    public EntityMap create(String tenant, Map<String, List<String>> entities, String lifetime) {
        return create(tenant, entities, Map.of(), lifetime);
    }

    /** As above, with linkedMaps: registration id -> the id of the EntityMap its source made (clause 5.2.39). */
    public EntityMap create(String tenant, Map<String, List<String>> entities, Map<String, String> linkedMaps, String lifetime) {
        Duration d = lifetime(lifetime);
        EntityMap map = new EntityMap("urn:ngsi-ld:EntityMap:" + UUID.randomUUID(), tenant, clock.instant().plus(d),
                entities, linkedMaps);
        Map<String, EntityMap> maps = maps(tenant);
        if (maps.size() >= MAX_PER_TENANT) {
            maps.values().stream().min(Comparator.comparing(EntityMap::expiresAt)).ifPresent(m -> maps.remove(m.id()));
        }
        maps.put(map.id(), map);
        return map;
    }

    /** The live map, or null (unknown or expired). */
    public EntityMap get(String tenant, String id) {
        EntityMap m = maps(tenant).get(id);
        if (m != null && !m.expiresAt().isAfter(clock.instant())) {
            maps(tenant).remove(id);
            return null;
        }
        return m;
    }

    /** The map a NGSILD-EntityMap header names (its location or its id), or null. */
    public EntityMap fromHeader(String tenant, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        int at = v.lastIndexOf(PATH + "/");
        return get(tenant, at < 0 ? v : v.substring(at + PATH.length() + 1));
    }

    /** Update EntityMap (clause 5.14.2): expiresAt is the one member a client may change. */
    public void update(String tenant, String id, Instant expiresAt) {
        EntityMap m = require(tenant, id);
        if (expiresAt != null) {
            maps(tenant).put(id, m.withExpiresAt(expiresAt));
        }
    }

    public void delete(String tenant, String id) {
        require(tenant, id);
        maps(tenant).remove(id);
    }

    public EntityMap require(String tenant, String id) {
        EntityMap m = get(tenant, id);
        if (m == null) {
            throw NgsiException.notFound("EntityMap " + id + " not found");
        }
        return m;
    }

    public static Duration lifetime(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LIFETIME;
        }
        Duration d;
        try {
            d = Duration.parse(requested.trim());
        } catch (DateTimeParseException e) {
            throw NgsiException.badData("entityMapLifetime '" + requested + "' is not an ISO 8601 duration");
        }
        if (d.isNegative() || d.isZero()) {
            throw NgsiException.badData("entityMapLifetime must be positive");
        }
        return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
    }

    void purgeExpired() {
        Instant now = clock.instant();
        byTenant.values().forEach(m -> m.values().removeIf(e -> !e.expiresAt().isAfter(now)));
    }

    private Map<String, EntityMap> maps(String tenant) {
        return byTenant.computeIfAbsent(tenant == null ? "" : tenant, k -> new ConcurrentHashMap<>());
    }
}
