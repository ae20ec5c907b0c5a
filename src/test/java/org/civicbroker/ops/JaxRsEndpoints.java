package org.civicbroker.ops;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The endpoints the broker's JAX-RS resources answer, found by reflection over the compiled classes. */
final class JaxRsEndpoints {

    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target", "classes");

    private JaxRsEndpoints() {
    }

    /** "METHOD /normalized/path" -> "Class.method", for every resource method under target/classes. */
    static Map<String, String> scan() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> CLASSES.relativize(f).toString().replace(java.io.File.separatorChar, '.')
                            .replaceAll("\\.class$", ""))
                    .forEach(name -> add(load(name), out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, JaxRsEndpoints.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private static void add(Class<?> type, Map<String, String> out) {
        Path classPath = type.getAnnotation(Path.class);
        if (classPath == null || type.isInterface()) {
            return;
        }
        for (Method m : type.getDeclaredMethods()) {
            String verb = httpMethod(m);
            if (verb == null) {
                continue;
            }
            Path methodPath = m.getAnnotation(Path.class);
            String path = classPath.value() + (methodPath == null ? "" : "/" + methodPath.value());
            out.put(verb + " " + normalize(path), type.getSimpleName() + "." + m.getName());
        }
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** One leading slash, no doubled or trailing ones, every template variable (and its regex) as {}. */
    static String normalize(String path) {
        String p = ("/" + path).replaceAll("/+", "/").replaceAll("\\{[^}]*}", "{}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
