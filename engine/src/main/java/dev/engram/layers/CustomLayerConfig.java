package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a user-defined {@link CustomLayer}: the type it is registered under, its own
 * options, and the factory that makes it. Create with {@link Layers#custom}; file readers create it
 * from a registered class name.
 *
 * <p>Options are the JSON-like values a Keras {@code get_config()} or TF.js {@code getConfig()}
 * returns besides name, trainable and dtype: {@code null}, {@link Boolean}, {@link Number}
 * ({@code Long} for integers, {@code Double} otherwise, as read from files), {@link String}, lists
 * and string-keyed maps of these. They are kept in insertion order and written back as given. The
 * typed getters ({@link #doubleOption}, {@link #intOption}, ...) fail with the layer and key named.
 *
 * @param type       the registered type, e.g. {@code my_pkg>ScaleShift} (Keras's
 *                   {@code package>ClassName}) or {@code ScaleShift}
 * @param options    the layer's own options (copied; immutable)
 * @param factory    makes the layer
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record CustomLayerConfig(String type, Map<String, Object> options, CustomLayerFactory factory, String name,
        Shape inputShape) implements LayerConfig<CustomLayerConfig> {

    /**
     * Validates the type and deep-copies the options.
     *
     * @param type       the registered type, non-empty
     * @param options    the options; values must be JSON-like (see the class comment)
     * @param factory    makes the layer
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public CustomLayerConfig {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a custom layer needs a non-empty type name");
        }
        Objects.requireNonNull(factory, "factory");
        options = JsonLikeOptions.copy(options == null ? Map.of() : options, "custom layer", type);
    }

    /**
     * The type without its package: {@code ScaleShift} for {@code my_pkg>ScaleShift}.
     *
     * @return the class name
     */
    public String simpleType() {
        return type.substring(type.lastIndexOf('>') + 1);
    }

    /**
     * With one option set (replacing an earlier value of {@code key}).
     *
     * @param key   the option's name as the file writes it ({@code "scale"})
     * @param value a JSON-like value
     * @return the changed configuration
     */
    public CustomLayerConfig withOption(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new CustomLayerConfig(type, m, factory, name, inputShape);
    }

    /**
     * The value of an option, or null when it is absent or null.
     *
     * @param key the option's name
     * @return the value
     */
    public Object option(String key) {
        return options.get(key);
    }

    /**
     * A numeric option.
     *
     * @param key the option's name
     * @return its value
     * @throws IllegalArgumentException when it is absent or not a number
     */
    public double doubleOption(String key) {
        return number(key).doubleValue();
    }

    /**
     * A numeric option, or {@code fallback} when absent or null.
     *
     * @param key      the option's name
     * @param fallback the value when absent
     * @return its value
     * @throws IllegalArgumentException when it is present and not a number
     */
    public double doubleOption(String key, double fallback) {
        return options.get(key) == null ? fallback : doubleOption(key);
    }

    /**
     * An integer option.
     *
     * @param key the option's name
     * @return its value
     * @throws IllegalArgumentException when it is absent, not a number or not an int
     */
    public int intOption(String key) {
        double v = number(key).doubleValue();
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(key, "an integer");
        }
        return (int) v;
    }

    /**
     * A boolean option, or {@code fallback} when absent or null.
     *
     * @param key      the option's name
     * @param fallback the value when absent
     * @return its value
     * @throws IllegalArgumentException when it is present and not a boolean
     */
    public boolean booleanOption(String key, boolean fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw bad(key, "true or false");
        }
        return b;
    }

    /**
     * A string option, or {@code fallback} when absent or null.
     *
     * @param key      the option's name
     * @param fallback the value when absent
     * @return its value
     * @throws IllegalArgumentException when it is present and not a string
     */
    public String stringOption(String key, String fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw bad(key, "a string");
        }
        return s;
    }

    private Number number(String key) {
        Object v = options.get(key);
        if (!(v instanceof Number n)) {
            throw bad(key, "a number");
        }
        return n;
    }

    private IllegalArgumentException bad(String key, String what) {
        return new IllegalArgumentException("custom layer " + (name != null ? "'" + name + "' " : "") + "(" + type
                + ") option '" + key + "' must be " + what + ", got " + options.get(key));
    }

    @Override
    public CustomLayerConfig withIdentity(LayerIdentity id) {
        return new CustomLayerConfig(type, options, factory, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        // Keras names layers by the snake-cased class name (ScaleShift -> scale_shift).
        return simpleType().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Layer create(String layerName) {
        CustomLayer layer = factory.create(layerName, this);
        if (layer == null || layer.config() != this || !layer.name().equals(layerName)) {
            throw new IllegalStateException("the factory of custom layer type " + type + " must return a new layer"
                    + " named '" + layerName + "' built from the config it was given");
        }
        return layer;
    }
}
