package org.civicbroker.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.register.DataRegister;
import org.civicbroker.register.DataRegister.Versioned;
import org.civicbroker.register.DatasetEntry;
import org.civicbroker.tenancy.Tenant;

/**
 * Decides what an export may contain (issue 17): an {@code open} export covers only the types the
 * tenant's register declares open, and never an attribute any register entry of the entity's types
 * classifies personal; an {@code all} export (for administrators: the security issue guards it) covers
 * every type, or those asked for, with every attribute as stored (pseudonyms stay pseudonyms).
 */
@ApplicationScoped
public class ExportService {

    /** What to export: the types (null: all) and which attributes of an entity with given types are left out. */
    public record Selection(List<String> typeIris, BiPredicate<List<String>, String> excluded) {
    }

    public enum Scope {
        OPEN, ALL;

        static Scope of(String s) {
            return switch (s) {
                case "open" -> OPEN;
                case "all" -> ALL;
                default -> throw NgsiException.notFound("No export '" + s + "': use open or all");
            };
        }
    }

    private final DataRegister register;

    public ExportService(DataRegister register) {
        this.register = register;
    }

    /** @param requested expanded type IRIs asked for (empty: every type the scope allows) */
    public Selection select(Tenant tenant, Scope scope, List<String> requested) {
        if (scope == Scope.ALL) {
            return new Selection(requested.isEmpty() ? null : requested, (types, iri) -> false);
        }
        Map<String, Versioned> entries = register.current(tenant);
        List<String> open = new ArrayList<>();
        entries.forEach((iri, v) -> {
            if (v.entry().open()) {
                open.add(iri);
            }
        });
        List<String> types = open;
        if (!requested.isEmpty()) {
            for (String t : requested) {
                if (!open.contains(t)) {
                    throw NgsiException.notFound("Type " + t + " is not open data in this tenant's register");
                }
            }
            types = requested;
        }
        return new Selection(types, (entityTypes, iri) -> personal(entries, entityTypes, iri));
    }

    private static boolean personal(Map<String, Versioned> entries, List<String> types, String iri) {
        for (String t : types) {
            Versioned v = entries.get(t);
            DatasetEntry e = v == null ? null : v.entry();
            if (e != null && e.personal(iri)) {
                return true;
            }
        }
        return false;
    }
}
