package org.civicbroker.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Smart Data Models files: the copies shipped in the jar under {@code smart-data-models/} and an
 * optional operator directory with the same layout, which wins file by file (so an operator can
 * override one schema, add a model, or add a shared file that a {@code $ref} needs). Pure code.
 *
 * <p>Layout (relative paths mirror the upstream URLs): {@code <Subject>/<Model>/schema.json},
 * {@code <Subject>/context.jsonld}, shared files such as {@code data-models/common-schema.json},
 * {@code geojson/<Name>.json}.
 */
public final class ModelFiles {

    public static final String RESOURCE_ROOT = "smart-data-models/";
    static final String PAGES = "https://smart-data-models.github.io/";
    static final String RAW = "https://raw.githubusercontent.com/smart-data-models/";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path operatorDir;
    private final ClassLoader classLoader;

    /** @param operatorDir the operator's schema directory, or null */
    public ModelFiles(Path operatorDir, ClassLoader classLoader) {
        this.operatorDir = operatorDir;
        this.classLoader = classLoader;
    }

    /**
     * Maps a public URL to a relative path (the {@code $ref} map of smart-data-models/README.md):
     * {@code https://smart-data-models.github.io/<path>}, {@code https://raw.githubusercontent.com/
     * smart-data-models/<repo>/master/<path>} -> {@code <repo>/<path>}, {@code http(s)://geojson.org/
     * schema/<Name>.json} -> {@code geojson/<Name>.json}. Fragments are ignored.
     */
    public static Optional<String> localPath(String url) {
        String u = url;
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        String rel = null;
        if (u.startsWith(PAGES)) {
            rel = u.substring(PAGES.length());
        } else if (u.startsWith(RAW)) {
            String rest = u.substring(RAW.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.startsWith("master/", slash + 1)) {
                rel = rest.substring(0, slash) + "/" + rest.substring(slash + 1 + "master/".length());
            }
        } else if (u.startsWith("https://geojson.org/schema/") || u.startsWith("http://geojson.org/schema/")) {
            rel = "geojson/" + u.substring(u.indexOf("/schema/") + "/schema/".length());
        }
        return Optional.ofNullable(rel).filter(ModelFiles::safe);
    }

    /** Only plain relative paths: no traversal, no absolute paths, no empty segments. */
    static boolean safe(String rel) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.contains("\\")) {
            return false;
        }
        for (String seg : rel.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The file's bytes: operator directory first, then the shipped copy. */
    public Optional<byte[]> read(String rel) {
        if (!safe(rel)) {
            return Optional.empty();
        }
        try {
            if (operatorDir != null) {
                Path p = operatorDir.resolve(rel);
                if (Files.isRegularFile(p)) {
                    return Optional.of(Files.readAllBytes(p));
                }
            }
            try (InputStream in = classLoader.getResourceAsStream(RESOURCE_ROOT + rel)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Smart Data Models file " + rel, e);
        }
    }

    public Optional<JsonNode> json(String rel) {
        return read(rel).map(bytes -> {
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException("Smart Data Models file " + rel + " is not valid JSON: " + e.getMessage(), e);
            }
        });
    }

    /** True when the file comes from the operator directory. */
    public boolean fromOperator(String rel) {
        return operatorDir != null && safe(rel) && Files.isRegularFile(operatorDir.resolve(rel));
    }

    /**
     * The model folders ({@code <Subject>/<Model>}): those listed in the shipped {@code index.json},
     * then every {@code <Subject>/<Model>/schema.json} in the operator directory.
     */
    public List<String> models() {
        Set<String> out = new LinkedHashSet<>();
        try (InputStream in = classLoader.getResourceAsStream(RESOURCE_ROOT + "index.json")) {
            if (in != null) {
                MAPPER.readTree(in).path("models").forEach(m -> out.add(m.asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Smart Data Models index", e);
        }
        if (operatorDir != null && Files.isDirectory(operatorDir)) {
            try (Stream<Path> files = Files.find(operatorDir, 3,
                    (p, attrs) -> attrs.isRegularFile() && p.getFileName().toString().equals("schema.json"))) {
                List<String> found = new ArrayList<>();
                files.forEach(p -> {
                    Path rel = operatorDir.relativize(p);
                    if (rel.getNameCount() == 3) {
                        found.add(rel.getName(0) + "/" + rel.getName(1));
                    }
                });
                found.stream().sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the schema directory " + operatorDir, e);
            }
        }
        return List.copyOf(out);
    }
}
