package org.civicbroker.model;

import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;

/**
 * Syntax rules for the names in a payload: attribute names, entity type names and scopes.
 *
 * <p>Clause 4.6.2 (and 6.3.x for URI parameters) forbids in names the characters that would break the
 * query language or HTML: {@code < > " ' = ; ( )}, plus whitespace and control characters. A name
 * starting with {@code @} is a JSON-LD keyword, never an attribute.
 */
public final class Names {

    /** Top-level members of an entity that are not attributes (clauses 4.5.1, 4.8, 4.18). */
    public static final Set<String> RESERVED = Set.of(
            "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt", "@context", "@id", "@type");

    /**
     * Core-context IRIs of the reserved members. The names of attribute members (value, object,
     * observedAt, ...) stay usable as attribute names: the model keys attributes by IRI apart from their
     * structure, and Smart Data Models use them (Device has an attribute {@code value}).
     */
    public static final Set<String> RESERVED_IRIS = Set.of(
            AttributeType.NGSI_LD + "createdAt", AttributeType.NGSI_LD + "modifiedAt",
            AttributeType.NGSI_LD + "deletedAt", AttributeType.NGSI_LD + "scope",
            AttributeType.NGSI_LD + "instanceId");

    /** System-generated members of an entity: accepted in input and ignored (clause 4.8). */
    public static final Set<String> SYSTEM_TIMESTAMPS = Set.of("createdAt", "modifiedAt", "deletedAt");

    private static final String FORBIDDEN = "<>\"'=;()";
    private static final int MAX_NAME_LENGTH = 512;

    /** Clause 4.18: a scope is one or more {@code /level} segments; levels hold no wildcard or separator. */
    private static final Pattern SCOPE = Pattern.compile("(/[^/\\s#+,;()<>\"'=\\p{Cntrl}]+)+");
    private static final int MAX_SCOPE_LENGTH = 1024;

    private Names() {
    }

    /** True when {@code name} can be an attribute or entity type name. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.charAt(0) == '@') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c) || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates an attribute name (compact or IRI) and returns its expansion.
     *
     * @param display how the attribute is named in error messages (the path for sub-attributes)
     */
    public static String attributeIri(String name, String display, org.civicbroker.jsonld.LdContext ctx) {
        if (name == null || name.isEmpty()) {
            throw NgsiException.badData("empty attribute name");
        }
        if (RESERVED.contains(name)) {
            throw NgsiException.badData("'" + name + "' is reserved and cannot be used as an attribute name");
        }
        if (!isValidName(name)) {
            throw NgsiException.badData("attribute '" + display + "': invalid attribute name "
                    + "(empty, starting with '@', or containing whitespace, control characters or <>\"'=;())");
        }
        String iri = ctx.expand(name);
        if (iri == null || iri.isEmpty()) {
            throw NgsiException.badData("attribute '" + display + "': name cannot be expanded");
        }
        if (RESERVED_IRIS.contains(iri)) {
            throw NgsiException.badData("'" + name + "' expands to the reserved " + iri
                    + " and cannot be used as an attribute name");
        }
        return iri;
    }

    /**
     * Validates an entity type name and returns its expansion. A reserved member name ({@code type},
     * {@code id}, ...) or a name the context maps to a JSON-LD keyword is not a type (clause 4.6.2; the
     * entity would not be JSON-LD).
     */
    public static String typeIri(String name, org.civicbroker.jsonld.LdContext ctx) {
        if (!isValidName(name) || RESERVED.contains(name)) {
            throw NgsiException.badData("invalid entity type '" + name + "'");
        }
        String iri = ctx.expand(name);
        if (iri == null || iri.isEmpty() || iri.startsWith("@")) {
            throw NgsiException.badData("entity type '" + name + "' cannot be expanded to a type IRI");
        }
        return iri;
    }

    /** True when {@code scope} follows the scope syntax of clause 4.18, e.g. {@code /London/Camden}. */
    public static boolean isValidScope(String scope) {
        return scope != null && scope.length() <= MAX_SCOPE_LENGTH && SCOPE.matcher(scope).matches();
    }
}
