package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civicbroker.jsonld.ContextCache;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.jsonld.TitaniumContextResolver;
import org.jboss.logging.Logger;

/**
 * The entity types bound to Smart Data Models schemas, built once at start-up: the shipped models
 * plus the operator's directory. Also serves the models' @context documents for their public URLs
 * (raw.githubusercontent.com and GitHub Pages forms) through {@link ContextCache#bundle}, so payloads
 * that reference them work with no network access.
 *
 * <p>A model's type IRI is its short name expanded with its subject's @context (e.g. AirQualityObserved
 * -> https://smartdatamodels.org/dataModel.Environment/AirQualityObserved). An entity written without
 * that context has another type (the core context's default vocabulary) and is not bound.
 * A schema that cannot be read or compiled stops the start-up: a broker that silently validates
 * nothing is worse than one that does not start.
 */
@Startup
@ApplicationScoped
public class SchemaBindings {

    private static final Logger LOG = Logger.getLogger(SchemaBindings.class);

    private final Map<String, Binding> byIri = new LinkedHashMap<>();
    private final ModelFiles files;

    public SchemaBindings(ValidationConfig config, TitaniumContextResolver resolver) {
        Path dir = config.schemaDir().filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalStateException("civic.validation.schema-dir " + dir + " is not a directory");
        }
        this.files = new ModelFiles(dir, SchemaBindings.class.getClassLoader());
        SchemaChecker checker = new SchemaChecker(files);
        Set<String> subjects = new LinkedHashSet<>();
        for (String folder : files.models()) {
            subjects.add(folder.substring(0, folder.indexOf('/')));
        }
        bundleContexts(resolver.contexts(), subjects);
        for (String folder : files.models()) {
            Binding b = bind(folder, checker, resolver);
            byIri.put(b.typeIri(), b);
        }
        LOG.infof("Smart Data Models validation: %d entity types bound%s", byIri.size(),
                dir != null ? " (operator schemas from " + dir + ")" : "");
    }

    /** The public URLs of a subject's @context: the raw GitHub file and the GitHub Pages address. */
    static Collection<String> contextUrls(String subject) {
        return java.util.List.of(ModelFiles.RAW + subject + "/master/context.jsonld",
                ModelFiles.PAGES + subject + "/context.jsonld");
    }

    private void bundleContexts(ContextCache cache, Set<String> subjects) {
        for (String subject : subjects) {
            files.json(subject + "/context.jsonld").ifPresent(doc -> contextUrls(subject).forEach(url -> cache.bundle(url, doc)));
        }
    }

    private Binding bind(String folder, SchemaChecker checker, TitaniumContextResolver resolver) {
        String subject = folder.substring(0, folder.indexOf('/'));
        String name = folder.substring(folder.indexOf('/') + 1);
        String rel = folder + "/schema.json";
        JsonNode schema = files.json(rel)
                .orElseThrow(() -> new IllegalStateException("Smart Data Models schema " + rel + " is missing"));
        boolean hasContext = files.read(subject + "/context.jsonld").isPresent();
        String contextUrl = hasContext ? contextUrls(subject).iterator().next() : null;
        LdContext ctx = hasContext ? resolver.resolveHeld(TextNode.valueOf(contextUrl)) : resolver.core();
        String url = ModelFiles.PAGES + rel;
        try {
            return new Binding(name, ctx.expand(name), folder, url, contextUrl, files.fromOperator(rel), schema,
                    checker.compile(url, schema), ctx);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Smart Data Models schema " + rel + " does not compile: " + e.getMessage(), e);
        }
    }

    public Optional<Binding> forType(String typeIri) {
        return Optional.ofNullable(byIri.get(typeIri));
    }

    /** By type IRI or model short name. */
    public Optional<Binding> find(String typeOrName) {
        Binding b = byIri.get(typeOrName);
        if (b != null) {
            return Optional.of(b);
        }
        return byIri.values().stream().filter(x -> x.name().equals(typeOrName)).findFirst();
    }

    public Collection<Binding> all() {
        return byIri.values();
    }
}
