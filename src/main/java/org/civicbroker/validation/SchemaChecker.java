package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles JSON Schemas once (networknt json-schema-validator 2.x) and checks instances against them.
 * Remote {@code $ref}s are served from {@link ModelFiles} (never fetched: the broker runs offline);
 * format assertions are on, because the Smart Data Models schemas rely on them ({@code date-time},
 * and {@code ipv4}/{@code ipv6} inside a {@code oneOf} that is ambiguous without them). Pure code.
 */
public final class SchemaChecker {

    private final SchemaRegistry registry;

    public SchemaChecker(ModelFiles files) {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemaRegistryConfig(config)
                .schemaLoader(l -> l.fetchRemoteResources(false)
                        .resourceLoaders(r -> r.resources((String url) -> ModelFiles.localPath(url)
                                .flatMap(files::read)
                                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                                .orElse(null)))));
    }

    /**
     * Compiles a model schema under its retrieval URL. Its {@code $id} is dropped from the in-memory
     * copy: some official schemas declare another model's {@code $id} (StreetlightModel declares
     * Streetlight's), and keying by {@code $id} would make them collide. All their {@code $ref}s are
     * absolute, so the base URI does not matter otherwise. The referenced shared schemas are loaded
     * now too, so the first write does not pay for it.
     */
    public Schema compile(String url, JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$id");
        Schema compiled = registry.getSchema(SchemaLocation.of(url), copy);
        compiled.initializeValidators();
        return compiled;
    }

    /** Every failure, as JSON pointers into {@code instance} with the validator's reasons. */
    public static List<Violation> check(Schema schema, JsonNode instance) {
        List<Error> errors = schema.validate(instance);
        Set<Violation> out = new LinkedHashSet<>();
        for (Error e : errors) {
            out.add(new Violation(pointer(e), reason(e)));
        }
        return new ArrayList<>(out);
    }

    /** A missing required property is reported on its parent; point at the property instead. */
    static String pointer(Error e) {
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            at = at + "/" + e.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return at;
    }

    /** The message without the leading "<location>: " the validator puts in front of it. */
    static String reason(Error e) {
        String m = e.getMessage();
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (m != null && !at.isEmpty() && m.startsWith(at + ": ")) {
            return m.substring(at.length() + 2);
        }
        if (m != null && m.startsWith(": ")) {
            return m.substring(2);
        }
        return m == null ? e.getKeyword() : m;
    }
}
