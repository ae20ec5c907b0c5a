package org.civicbroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.batch.BatchItems.Item;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.entity.EntityMerges;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.civicbroker.model.Fragment;

/**
 * Turns the parsed elements of a batch into per-entity plans: the steps each element applies to the
 * entity's state, grouped by entity id in request order. Pure code.
 *
 * <p>Duplicate ids (the clauses do not say; the ETSI conformance tests TP/NGSI-LD/CI/Prov/BE/003_10,
 * 004_07 and 006_04 do, and Orion-LD behaves the same): in a create the first element with an id
 * creates it and every later one is 409 AlreadyExists; in an upsert, update or merge the elements of one
 * id are applied in order to the same entity, which is written once (one change event) and succeeds or
 * fails as a whole; in a delete the first deletes and the later ones are 404 ResourceNotFound.
 */
final class BatchPlans {

    /** The batch operations that write entities, with the change operation they announce for an existing entity. */
    enum Kind {
        /** Clause 5.6.7. */
        CREATE(Operation.CREATE, true),
        /** Clause 5.6.8 with options=replace (the default): an existing entity is replaced (as 5.6.18). */
        UPSERT_REPLACE(Operation.REPLACE, true),
        /** Clause 5.6.8 with options=update: attributes are appended to an existing entity (as 5.6.3). */
        UPSERT_UPDATE(Operation.APPEND, true),
        /** Clause 5.6.9: attributes are appended to existing entities (as 5.6.3), optionally noOverwrite. */
        UPDATE(Operation.APPEND, false),
        /** Clause 5.6.20: merge-patch of existing entities (as 5.6.17). */
        MERGE(Operation.MERGE, false),
        /** Clause 5.6.21 with drop or keep: attributes are deleted from existing entities (as 5.6.5). */
        PURGE_ATTRIBUTES(Operation.DELETE_ATTRIBUTE, false);

        private final Operation operation;
        private final boolean createsTenant;

        Kind(Operation operation, boolean createsTenant) {
            this.operation = operation;
            this.createsTenant = createsTenant;
        }

        Operation operation() {
            return operation;
        }

        /** Whether the operation may create entities, and so a tenant that does not exist yet. */
        boolean createsTenant() {
            return createsTenant;
        }
    }

    /** What one element does to the entity's state ({@code current} null: the entity does not exist). */
    @FunctionalInterface
    interface Step {
        /**
         * The new state, {@code current} itself when nothing changes; throws NgsiException to refuse.
         * Attributes the element leaves untouched on purpose (noOverwrite) are added to {@code skipped}.
         */
        Entity apply(Entity current, Instant now, List<String> skipped);
    }

    /** The elements that concern one entity, in request order, with their positions in the request. */
    record Target(String id, List<Integer> indexes, List<Step> steps) {
    }

    private BatchPlans() {
    }

    static List<Target> plan(Kind kind, List<Item> items, EntityParser parser, boolean noOverwrite, BatchResult result) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Item item : items) {
            try {
                Parsed p = parse(kind, item, parser, noOverwrite);
                Target t = targets.get(p.id());
                if (t == null) {
                    targets.put(p.id(), new Target(p.id(), new ArrayList<>(List.of(item.index())), new ArrayList<>(List.of(p.step()))));
                } else if (kind == Kind.CREATE) {
                    throw new NgsiException(ErrorType.ALREADY_EXISTS, "entity " + p.id()
                            + " appears earlier in this batch, which creates it");
                } else {
                    t.indexes().add(item.index());
                    t.steps().add(p.step());
                }
            } catch (NgsiException e) {
                result.error(item.id(), item.index(), e);
            }
        }
        return List.copyOf(targets.values());
    }

    /** Batch delete: the valid ids, first occurrence only; later occurrences are 404 (deleted by the first). */
    static List<String> deletions(List<Item> items, BatchResult result) {
        Map<String, Item> ids = new LinkedHashMap<>();
        for (Item item : items) {
            if (!org.civicbroker.model.Uris.isAbsoluteUri(item.id())) {
                result.error(item.id(), item.index(), NgsiException.badData("entity id '"
                        + BatchItems.abbreviate(item.id()) + "' is not an absolute URI"));
            } else if (ids.putIfAbsent(item.id(), item) != null) {
                result.error(item.id(), item.index(), NgsiException.notFound("Entity " + item.id()
                        + " appears earlier in this batch, which deletes it"));
            }
        }
        return List.copyOf(ids.keySet());
    }

    private record Parsed(String id, Step step) {
    }

    private static Parsed parse(Kind kind, Item item, EntityParser parser, boolean noOverwrite) {
        JsonNode json = item.json();
        return switch (kind) {
            case CREATE -> {
                Entity e = parser.parseEntity(json, item.context());
                yield new Parsed(e.id(), (current, now, skipped) -> {
                    if (current != null) {
                        throw new NgsiException(ErrorType.ALREADY_EXISTS, "Entity " + e.id() + " already exists");
                    }
                    return EntityMerges.stampNew(e, now);
                });
            }
            case UPSERT_REPLACE -> {
                Entity e = parser.parseEntity(json, item.context());
                yield new Parsed(e.id(), (current, now, skipped) -> current == null
                        ? EntityMerges.stampNew(e, now) : EntityMerges.replace(current, e, now));
            }
            case UPSERT_UPDATE -> {
                Entity e = parser.parseEntity(json, item.context());
                Fragment f = new Fragment(e.types(), json.has("scope") ? e.scopes() : null, e.attributes(), null);
                yield new Parsed(e.id(), (current, now, skipped) -> current == null
                        ? EntityMerges.stampNew(e, now) : EntityMerges.append(current, f, false, now).entity());
            }
            case UPDATE -> {
                String id = requireId(json);
                Fragment f = parser.parseFragment(json, item.context(), Fragment.Mode.APPEND, null);
                // clause 5.6.9.4: each entity is an Append Attributes (5.6.3); with noOverwrite the attributes
                // that exist are left alone and reported, so the entity is not a full success
                yield new Parsed(id, (current, now, skipped) -> {
                    EntityMerges.Outcome o = EntityMerges.append(existing(current, id), f, noOverwrite, now);
                    skipped.addAll(o.notUpdated().keySet());
                    return o.entity();
                });
            }
            case PURGE_ATTRIBUTES -> throw new IllegalArgumentException("a purge plans its targets itself");
            case MERGE -> {
                String id = requireId(json);
                Fragment f = parser.parseFragment(json, item.context(), Fragment.Mode.MERGE_PATCH, null);
                yield new Parsed(id, (current, now, skipped) -> EntityMerges.merge(existing(current, id), f, now));
            }
        };
    }

    /** Update and merge need the entity's id (the parser checks it is a URI when present). */
    private static String requireId(JsonNode json) {
        JsonNode id = json.get("id");
        if (id == null) {
            throw NgsiException.badData("entity without 'id'");
        }
        return id.isTextual() ? id.textValue() : id.toString();
    }

    private static Entity existing(Entity current, String id) {
        if (current == null) {
            throw NgsiException.notFound("Entity " + id + " not found");
        }
        return current;
    }
}
