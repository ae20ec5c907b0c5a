package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import java.util.List;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;

/**
 * An entity type bound to a compiled schema.
 *
 * @param name the model's short name (the schema's {@code type} enum, the term in its @context)
 * @param typeIri the expanded type IRI that entities of this model carry
 * @param folder {@code <Subject>/<Model>} in the Smart Data Models layout
 * @param schemaUrl the public URL of the schema (its retrieval URL, not its {@code $id})
 * @param contextUrl the public URL of the model's @context, or null when it has none
 * @param operator true when the schema comes from the operator's directory
 */
public record Binding(String name, String typeIri, String folder, String schemaUrl, String contextUrl,
        boolean operator, JsonNode schema, Schema compiled, LdContext context) {

    /** Checks the entity, as the schema sees it (key-values, names compacted with the model's context). */
    public List<Violation> check(Entity entity) {
        return SchemaChecker.check(compiled, KeyValuesForm.of(entity, name, context));
    }
}
