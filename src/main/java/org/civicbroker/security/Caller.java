package org.civicbroker.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.lang.BoolExpr;
import org.civicbroker.query.lang.TypeQuery;

/**
 * Who makes the current request, as far as the tenant it addresses is concerned: the token's subject and
 * role there, or an anonymous caller who sees only the tenant's open entity types. Built once per request
 * by {@link SecurityFilter}; services ask it to narrow what they read. Pure code.
 *
 * @param subject the token's subject, null without a token (or with security off)
 * @param role the caller's role in the tenant, null when anonymous
 * @param openTypes null = sees every entity of the tenant; otherwise the expanded types it may see
 */
public record Caller(String subject, Role role, Set<String> openTypes) {

    /** Security off: no identity, no restriction. */
    public static final Caller UNRESTRICTED = new Caller(null, null, null);

    /** Never an entity type (types are IRIs or terms, never blank): what a caller with no open type matches. */
    static final String NO_TYPE = " no open type";

    public Caller {
        openTypes = openTypes == null ? null : Set.copyOf(openTypes);
    }

    public static Caller authenticated(String subject, Role role) {
        return new Caller(subject, role, null);
    }

    public static Caller anonymous(Set<String> openTypes) {
        return new Caller(null, null, openTypes);
    }

    /** True when the caller sees only some entity types. */
    public boolean restricted() {
        return openTypes != null;
    }

    /** Whether an entity with these (expanded) types is visible to the caller. */
    public boolean sees(List<String> types) {
        return openTypes == null || types.stream().anyMatch(openTypes::contains);
    }

    /**
     * A type selection narrowed to the open types (null in = any type). A plain list stays a plain list
     * (so the embedded store's type index still answers it); anything else is ANDed with the open types.
     */
    public TypeQuery narrow(TypeQuery type) {
        if (openTypes == null) {
            return type;
        }
        if (type == null) {
            return anyOf(openTypes);
        }
        if (type.isSimpleList()) {
            Set<String> kept = new LinkedHashSet<>(type.mentionedTypes());
            kept.retainAll(openTypes);
            return anyOf(kept);
        }
        return new TypeQuery(new BoolExpr.And<>(List.of(type.expr(), anyOf(openTypes).expr())));
    }

    /** The query narrowed to the open types: every entity selector gets {@link #narrow(TypeQuery)}. */
    public EntityQuery narrow(EntityQuery query) {
        if (openTypes == null) {
            return query;
        }
        List<EntityQuery.Selector> selectors = new ArrayList<>();
        if (query.selectors().isEmpty()) {
            selectors.add(new EntityQuery.Selector(List.of(), null, narrow((TypeQuery) null)));
        } else {
            query.selectors().forEach(s -> selectors.add(new EntityQuery.Selector(s.ids(), s.idPattern(), narrow(s.type()))));
        }
        return new EntityQuery(selectors, query.attrs(), query.q(), query.scopeQ(), query.geo());
    }

    private static TypeQuery anyOf(Set<String> types) {
        List<BoolExpr<String>> leaves = new ArrayList<>();
        types.stream().sorted().forEach(t -> leaves.add(new BoolExpr.Leaf<>(t)));
        if (leaves.isEmpty()) {
            return new TypeQuery(new BoolExpr.Leaf<>(NO_TYPE));
        }
        return new TypeQuery(leaves.size() == 1 ? leaves.get(0) : new BoolExpr.Or<>(leaves));
    }
}
