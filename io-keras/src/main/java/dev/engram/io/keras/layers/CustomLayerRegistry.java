package dev.engram.io.keras.layers;

import dev.engram.io.keras.KerasCustomLayerProvider;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.CustomLayerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-registered layer types behind {@link dev.engram.io.keras.KerasCustomLayers}: a
 * concurrent map from type ({@code my_pkg>ScaleShift}) to factory, filled by explicit registration
 * and, once on first use, by every {@link KerasCustomLayerProvider} service. A type may not be
 * registered twice nor clash with a class name the built-in codecs read.
 */
public final class CustomLayerRegistry {
    /** Class names the readers handle themselves, besides the codecs' (model wrappers, Lambda, inputs). */
    private static final Set<String> RESERVED = Set.of("InputLayer", "Lambda", "TFOpLambda", "Sequential",
            "Functional", "Model", "SlicingOpLambda");
    private static final ConcurrentHashMap<String, CustomLayerFactory> TYPES = new ConcurrentHashMap<>();

    /** Registers the service-provided types exactly once, on the first use of the registry. */
    private static final class Services {
        static {
            for (KerasCustomLayerProvider provider : ServiceLoader.load(KerasCustomLayerProvider.class)) {
                for (Map.Entry<String, CustomLayerFactory> e : provider.customLayers().entrySet()) {
                    add(e.getKey(), e.getValue(), provider.getClass().getName());
                }
            }
        }

        static void load() {
            // Running the static initializer is the work; the JVM makes it happen once, thread-safely.
        }
    }

    private CustomLayerRegistry() {
    }

    /**
     * Registers a type.
     *
     * @param type    {@code package>ClassName} or {@code ClassName}
     * @param factory makes the layer
     * @throws IllegalArgumentException when the type is malformed, already registered or a built-in class name
     */
    public static void register(String type, CustomLayerFactory factory) {
        Services.load();
        add(type, factory, "register");
    }

    private static void add(String type, CustomLayerFactory factory, String by) {
        if (factory == null) {
            throw new IllegalArgumentException("custom layer type " + type + ": the factory is null");
        }
        if (type == null || type.isBlank() || type.chars().anyMatch(Character::isWhitespace)
                || type.startsWith(">") || type.endsWith(">") || type.indexOf('>') != type.lastIndexOf('>')) {
            throw new IllegalArgumentException("custom layer type '" + type + "' must be ClassName or package>ClassName"
                    + " (no spaces)");
        }
        String simple = simple(type);
        if (RESERVED.contains(simple) || KerasLayers.codec(simple) != null) {
            throw new IllegalArgumentException("custom layer type " + type + " (registered by " + by + ") clashes with"
                    + " the built-in Keras class " + simple + "; give the Java implementation and the Keras/TF.js class"
                    + " another name");
        }
        if (TYPES.putIfAbsent(type, factory) != null) {
            throw new IllegalArgumentException("custom layer type " + type + " is already registered (registering it"
                    + " again by " + by + "); unregister it first to replace it");
        }
    }

    /**
     * Removes a type.
     *
     * @param type the registered type
     * @return whether it was registered
     */
    public static boolean unregister(String type) {
        Services.load();
        return type != null && TYPES.remove(type) != null;
    }

    /**
     * The registered types, sorted.
     *
     * @return a snapshot of the types
     */
    public static Set<String> types() {
        Services.load();
        return new TreeSet<>(TYPES.keySet());
    }

    /**
     * The registered type a file entry names: its Keras 3 {@code registered_name}, else its
     * {@code class_name} ({@code my_pkg>ScaleShift} in tf-keras files), else the one type whose
     * class part is the {@code class_name} (TF.js writes {@code ScaleShift} only).
     *
     * @param entry the layer entry
     * @return the type, or null when none is registered for it
     * @throws ModelFormatException when several registered types end in the entry's class name
     */
    static String resolve(ConfigNode entry) throws ModelFormatException {
        Services.load();
        String cls = KerasEntries.className(entry);
        ConfigNode reg = entry.get("registered_name");
        String registered = reg.isNullOrMissing() ? null : reg.asString();
        if (registered != null && TYPES.containsKey(registered)) {
            return registered;
        }
        if (TYPES.containsKey(cls)) {
            return cls;
        }
        String simple = simple(cls);
        List<String> matches = new ArrayList<>();
        for (String t : TYPES.keySet()) {
            if (simple(t).equals(simple)) {
                matches.add(t);
            }
        }
        if (matches.size() > 1) {
            throw entry.get("class_name").error("layer '" + KerasEntries.name(entry) + "' of class " + cls
                    + " matches several registered custom layer types " + new TreeSet<>(matches)
                    + "; the file does not say which (unregister the others)");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /**
     * The factory of a type.
     *
     * @param type a registered type
     * @return its factory, or null
     */
    static CustomLayerFactory factory(String type) {
        return TYPES.get(type);
    }

    /** {@code ScaleShift} of {@code my_pkg>ScaleShift}. */
    static String simple(String type) {
        return type.substring(type.lastIndexOf('>') + 1);
    }
}
