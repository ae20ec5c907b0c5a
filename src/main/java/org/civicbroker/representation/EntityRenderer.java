package org.civicbroker.representation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.DateTimes;
import org.civicbroker.model.Entity;

/**
 * Renders entities of the internal (expanded) model as NGSI-LD JSON under a request's @context
 * (clauses 4.5.1, 4.5.4, 5.2.4, 6.3.7, 6.3.11). Stateless and thread-safe.
 */
public final class EntityRenderer {

    /** Entity members an attribute name must never overwrite. */
    static final Set<String> RESERVED =
            Set.of("@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final AttributeRenderer attributes;

    public EntityRenderer() {
        this(new AttributeRenderer());
    }

    public EntityRenderer(AttributeRenderer attributes) {
        this.attributes = attributes;
    }

    /**
     * The entity: {@code @context} first when embedded, then id, type, scope, the system timestamps
     * (sysAttrs) and the selected attributes keyed by their compacted names.
     */
    public ObjectNode render(Entity e, LdContext ctx, RenderOptions o) {
        ObjectNode out = F.objectNode();
        if (o.embedContext()) {
            out.set("@context", ctx.contextValue().deepCopy());
        }
        if (o.includeId()) {
            out.put("id", e.id());
        }
        entityMembers(out, e, ctx, o);
        addAttributes(out, e, ctx, o);
        return out;
    }

    /** Each entity rendered, as in a query result; with embedContext every entity carries @context. */
    public ArrayNode renderAll(List<Entity> entities, LdContext ctx, RenderOptions o) {
        ArrayNode out = F.arrayNode();
        entities.forEach(e -> out.add(render(e, ctx, o)));
        return out;
    }

    /** The entity type (one string, or an array for several types), compacted. */
    public static JsonNode types(List<String> types, LdContext ctx) {
        if (types.size() == 1) {
            return TextNode.valueOf(ctx.compact(types.get(0)));
        }
        ArrayNode out = F.arrayNode();
        types.forEach(t -> out.add(ctx.compact(t)));
        return out;
    }

    /** type, scope and (sysAttrs) createdAt/modifiedAt: the entity's own members besides id. */
    void entityMembers(ObjectNode out, Entity e, LdContext ctx, RenderOptions o) {
        if (o.includeType()) {
            out.set("type", types(e.types(), ctx));
        }
        if (o.includeScope() && !e.scopes().isEmpty()) {
            if (e.scopes().size() == 1) {
                out.put("scope", e.scopes().get(0));
            } else {
                ArrayNode scopes = out.putArray("scope");
                e.scopes().forEach(scopes::add);
            }
        }
        if (o.sysAttrs()) {
            if (e.createdAt() != null) {
                out.put("createdAt", DateTimes.format(e.createdAt()));
            }
            if (e.modifiedAt() != null) {
                out.put("modifiedAt", DateTimes.format(e.modifiedAt()));
            }
        }
    }

    /** Adds the attributes the options select, keyed by compacted name. */
    void addAttributes(ObjectNode out, Entity e, LdContext ctx, RenderOptions o) {
        e.attributes().forEach((iri, instances) -> {
            if (o.includes(iri)) {
                out.set(attributeName(iri, ctx), attributes.render(instances, ctx, o));
            }
        });
    }

    /**
     * The compacted attribute name, or the expanded IRI when the context would compact it onto an
     * entity member such as {@code id} or {@code type} (a user @context can define such a term).
     */
    public static String attributeName(String iri, LdContext ctx) {
        String term = ctx.compact(iri);
        return RESERVED.contains(term) ? iri : term;
    }
}
