package org.civicbroker.registration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of the operations a registered context source accepts and the named groups of operations
 * (clause 4.20, Tables 4.20-1 and 4.20-2). A registration without {@code operations} accepts
 * {@code federationOps}.
 */
public final class Operations {

    public static final String CREATE_ENTITY = "createEntity";
    public static final String UPDATE_ENTITY = "updateEntity";
    public static final String APPEND_ATTRS = "appendAttrs";
    public static final String UPDATE_ATTRS = "updateAttrs";
    public static final String DELETE_ATTRS = "deleteAttrs";
    public static final String DELETE_ENTITY = "deleteEntity";
    public static final String CREATE_BATCH = "createBatch";
    public static final String UPSERT_BATCH = "upsertBatch";
    public static final String UPDATE_BATCH = "updateBatch";
    public static final String DELETE_BATCH = "deleteBatch";
    public static final String MERGE_ENTITY = "mergeEntity";
    public static final String REPLACE_ENTITY = "replaceEntity";
    public static final String REPLACE_ATTRS = "replaceAttrs";
    public static final String MERGE_BATCH = "mergeBatch";
    public static final String PURGE_ENTITY = "purgeEntity";
    public static final String RETRIEVE_ENTITY = "retrieveEntity";
    public static final String QUERY_ENTITY = "queryEntity";
    public static final String QUERY_BATCH = "queryBatch";
    public static final String RETRIEVE_TEMPORAL = "retrieveTemporal";
    public static final String QUERY_TEMPORAL = "queryTemporal";
    public static final String RETRIEVE_ENTITY_TYPES = "retrieveEntityTypes";
    public static final String RETRIEVE_ATTR_TYPES = "retrieveAttrTypes";
    public static final String CREATE_MAP_QUERY_ENTITY = "createEntityMapQueryEntity";
    public static final String CREATE_MAP_QUERY_TEMPORAL = "createEntityMapQueryTemporal";

    /** Table 4.20-1. */
    static final Set<String> NAMES = Set.of(CREATE_ENTITY, UPDATE_ENTITY, APPEND_ATTRS, UPDATE_ATTRS, DELETE_ATTRS,
            DELETE_ENTITY, CREATE_BATCH, UPSERT_BATCH, UPDATE_BATCH, DELETE_BATCH, "upsertTemporal",
            "appendAttrsTemporal", "deleteAttrsTemporal", "updateAttrInstanceTemporal", "deleteAttrInstanceTemporal",
            "deleteTemporal", MERGE_ENTITY, REPLACE_ENTITY, REPLACE_ATTRS, MERGE_BATCH, PURGE_ENTITY, RETRIEVE_ENTITY,
            QUERY_ENTITY, QUERY_BATCH, RETRIEVE_TEMPORAL, QUERY_TEMPORAL, RETRIEVE_ENTITY_TYPES,
            "retrieveEntityTypeDetails", "retrieveEntityTypeInfo", RETRIEVE_ATTR_TYPES, "retrieveAttrTypeDetails",
            "retrieveAttrTypeInfo", "createSubscription", "updateSubscription", "retrieveSubscription",
            "querySubscription", "deleteSubscription", "retrieveEntityMap", "updateEntityMap", "deleteEntityMap",
            "createEntityMapQueryEntity", "createEntityMapQueryTemporal", "retrieveContextSourceIdentity");

    private static final List<String> DISCOVERY = List.of(RETRIEVE_ENTITY_TYPES, "retrieveEntityTypeDetails",
            "retrieveEntityTypeInfo", RETRIEVE_ATTR_TYPES, "retrieveAttrTypeDetails", "retrieveAttrTypeInfo");
    private static final List<String> SUBSCRIPTIONS = List.of("createSubscription", "updateSubscription",
            "retrieveSubscription", "querySubscription", "deleteSubscription");
    private static final List<String> MAPS = List.of("retrieveEntityMap", "updateEntityMap", "deleteEntityMap",
            "createEntityMapQueryEntity");

    /** Table 4.20-2. */
    static final Map<String, Set<String>> GROUPS = Map.of(
            "federationOps", union(List.of(RETRIEVE_ENTITY, QUERY_ENTITY, QUERY_BATCH), DISCOVERY, SUBSCRIPTIONS, MAPS,
                    List.of("retrieveContextSourceIdentity")),
            "associationOps", union(List.of(RETRIEVE_ENTITY, QUERY_ENTITY, QUERY_BATCH), DISCOVERY, SUBSCRIPTIONS,
                    List.of("retrieveContextSourceIdentity")),
            "updateOps", Set.of(UPDATE_ENTITY, UPDATE_ATTRS, REPLACE_ENTITY, REPLACE_ATTRS),
            "retrieveOps", Set.of(RETRIEVE_ENTITY, QUERY_ENTITY),
            "redirectionOps", union(List.of(CREATE_ENTITY, UPDATE_ENTITY, APPEND_ATTRS, UPDATE_ATTRS, DELETE_ATTRS,
                    DELETE_ENTITY, MERGE_ENTITY, REPLACE_ENTITY, REPLACE_ATTRS, RETRIEVE_ENTITY, QUERY_ENTITY,
                    PURGE_ENTITY), DISCOVERY, MAPS, List.of("retrieveContextSourceIdentity")));

    /** Operations an auxiliary registration may name (clause 5.9.2.4). */
    static final Set<String> AUXILIARY_ALLOWED = Set.of("retrieveOps", RETRIEVE_ENTITY, QUERY_ENTITY);

    private Operations() {
    }

    /** Whether the name is an operation or a group name. */
    static boolean known(String name) {
        return NAMES.contains(name) || GROUPS.containsKey(name);
    }

    /** The operations the names (operations and groups) stand for; null or empty names: federationOps. */
    public static Set<String> expand(List<String> names) {
        if (names == null || names.isEmpty()) {
            return GROUPS.get("federationOps");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.addAll(GROUPS.getOrDefault(n, Set.of(n)));
        }
        return Set.copyOf(out);
    }

    @SafeVarargs
    private static Set<String> union(List<String>... parts) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return Set.copyOf(out);
    }
}
