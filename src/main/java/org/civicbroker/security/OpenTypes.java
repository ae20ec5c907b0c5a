package org.civicbroker.security;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.civicbroker.register.DataRegister;
import org.civicbroker.register.DatasetEntry;
import org.civicbroker.tenancy.Tenant;

/**
 * The entity types callers without a token may read through the NGSI-LD API (docs/security.md, "Open
 * data"). There is one list of open data, and it is the tenant's data register (issue 17, docs/privacy.md):
 * a type is open here exactly when its register entry says {@code "open": true} and classifies none of its
 * attributes as personal. The register is the richer record (purpose, legal basis, licence, retention) and
 * already refuses an open dataset that is personal, so an operator opens a type in one place, for the open
 * exports, the transparency page and anonymous API reads alike.
 *
 * <p>An open entry that classifies some attributes as personal is left out: the open exports drop those
 * attributes, but the NGSI-LD API does not strip attributes per caller, so anonymous callers get that type
 * through the exports only.
 */
@ApplicationScoped
public class OpenTypes {

    private final DataRegister register;

    public OpenTypes(DataRegister register) {
        this.register = register;
    }

    /** The open types of the tenant (expanded IRIs); empty when its register opens none. */
    public Uni<Set<String>> of(Tenant tenant) {
        return Uni.createFrom().item(readableAnonymously(register.current(tenant).values().stream()
                .map(DataRegister.Versioned::entry).toList()));
    }

    /** The types of these entries that anonymous callers may read. Pure. */
    static Set<String> readableAnonymously(Collection<DatasetEntry> entries) {
        return entries.stream().filter(e -> e.open() && e.attributes().stream().noneMatch(a -> a.personalData().personal()))
                .map(DatasetEntry::typeIri).collect(Collectors.toUnmodifiableSet());
    }
}
