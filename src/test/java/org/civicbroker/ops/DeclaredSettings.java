package org.civicbroker.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting the application declares, read off the compiled classes ({@code @ConfigProperty} on
 * fields and parameters, {@code @ConfigMapping} interfaces) and application.properties (keys with an
 * environment fallback {@code ${ENV:default}} and every {@code civic.*} key), with the environment
 * variable an operator sets and the default. Pure reflection; no Quarkus start.
 */
final class DeclaredSettings {

    /** One setting. {@code defaultValue} "" = unset; {@code map} = a map of keys under {@code key}. */
    record Setting(String key, String env, String defaultValue, boolean map) {
    }

    static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    private static final Pattern ENV_FALLBACK = Pattern.compile("\\$\\{([A-Z0-9_]+):(.*)}");

    /** Declarations per key: where, and the default each gives (null = none). */
    private final Map<String, List<String[]>> declared = new TreeMap<>();
    private final Set<String> maps = new LinkedHashSet<>();
    final List<String> conflicts = new ArrayList<>();
    final Map<String, Setting> settings = new TreeMap<>();

    static DeclaredSettings read() {
        DeclaredSettings s = new DeclaredSettings();
        try (Stream<Path> files = Files.walk(JaxRsEndpoints.CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> JaxRsEndpoints.CLASSES.relativize(f).toString().replace(java.io.File.separatorChar, '.')
                            .replaceAll("\\.class$", ""))
                    .forEach(name -> s.scan(load(name)));
            s.resolve(properties());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    static Properties properties() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(PROPERTIES)) {
            p.load(r);
        }
        return p;
    }

    /** The variable SmallRye reads for a key: non-alphanumerics as '_', upper case. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DeclaredSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private void scan(Class<?> type) {
        ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
        if (mapping != null) {
            mapping(type, mapping.prefix());
        }
        try {
            for (var f : type.getDeclaredFields()) {
                property(f, type.getSimpleName() + "." + f.getName());
            }
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            for (Executable e : executables) {
                for (Parameter p : e.getParameters()) {
                    property(p, type.getSimpleName() + "(" + p.getName() + ")");
                }
            }
        } catch (LinkageError e) {
            // a class whose members reference optional libraries: it declares no settings we can see
        }
    }

    private void property(AnnotatedElement element, String where) {
        ConfigProperty c = element.getAnnotation(ConfigProperty.class);
        if (c != null && !c.name().startsWith("quarkus.application.")) {
            String d = ConfigProperty.UNCONFIGURED_VALUE.equals(c.defaultValue()) ? null : c.defaultValue();
            declared.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(new String[] {where, d});
        }
    }

    private void mapping(Class<?> type, String prefix) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            WithName n = m.getAnnotation(WithName.class);
            String key = prefix + "." + (n != null ? n.value() : kebab(m.getName()));
            Class<?> r = m.getReturnType();
            if (Map.class.isAssignableFrom(r)) {
                maps.add(key);
            } else if (r.isInterface() && r.getPackageName().startsWith("org.civicbroker")) {
                mapping(r, key);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                declared.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new String[] {type.getSimpleName() + "." + m.getName(), d == null ? null : d.value()});
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private void resolve(Properties props) {
        Map<String, String[]> fromProperties = new TreeMap<>(); // key -> {env, default}
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue;
            }
            String value = props.getProperty(key).trim();
            Matcher m = ENV_FALLBACK.matcher(value);
            if (m.matches()) {
                fromProperties.put(key, new String[] {m.group(1), m.group(2)});
            } else if (key.startsWith("civic.") || declared.containsKey(key)) {
                fromProperties.put(key, new String[] {envName(key), value});
            }
        }
        Set<String> keys = new LinkedHashSet<>(declared.keySet());
        keys.addAll(fromProperties.keySet());
        for (String key : keys) {
            String[] prop = fromProperties.get(key);
            List<String[]> decls = declared.getOrDefault(key, List.of());
            String value = prop != null ? prop[1] : null;
            for (String[] d : decls) {
                if (d[1] == null) {
                    continue;
                }
                if (value == null) {
                    value = d[1];
                } else if (!value.equals(d[1])) {
                    conflicts.add(key + ": " + d[0] + " defaults to '" + d[1] + "' but "
                            + (prop != null ? "application.properties" : "another declaration") + " says '" + value + "'");
                }
            }
            settings.put(key, new Setting(key, prop != null ? prop[0] : envName(key), Optional.ofNullable(value).orElse(""), false));
        }
        maps.forEach(k -> settings.put(k, new Setting(k, envName(k), "", true)));
    }

    /** Environment name -> default, for the settings that are plain values (not maps). */
    Map<String, String> byEnv() {
        Map<String, String> out = new TreeMap<>();
        settings.values().stream().filter(s -> !s.map()).forEach(s -> out.put(s.env(), s.defaultValue()));
        return out;
    }
}
