package dev.engram.io;

import java.util.List;
import java.util.Objects;

/**
 * One format-specific setting a {@link ModelFile} writer takes, e.g. the dialect of a Keras HDF5 file
 * or the opset of an ONNX file: either one of a list of {@link #choices()} or an integer in
 * {@code [min, max]}.
 *
 * @param key          the name in {@link SaveSettings#option}, e.g. {@code dialect}, {@code opset}
 * @param choices      the allowed values; empty for an integer option
 * @param min          the smallest integer allowed (integer options; 0 otherwise)
 * @param max          the largest integer allowed (integer options; 0 otherwise)
 * @param defaultValue the value used when the setting is absent
 * @param note         why the format limits the option this way, for messages (may be empty), e.g.
 *                     {@code a .keras archive is a Keras 3 format}
 */
public record SaveOption(String key, List<String> choices, int min, int max, String defaultValue, String note) {

    /**
     * Checks the fields: a key and a default, and either choices that include the default or a
     * non-empty range that does.
     */
    public SaveOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        choices = List.copyOf(choices);
        note = note == null ? "" : note;
        if (choices.isEmpty() ? min > max || !accepts(defaultValue, choices, min, max)
                : !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("option " + key + ": default " + defaultValue + " is not allowed");
        }
    }

    /**
     * An option taking one of {@code choices}.
     *
     * @param key          the option's name
     * @param defaultValue the value when absent; one of {@code choices}
     * @param note         why the format limits the choices (may be empty)
     * @param choices      the allowed values
     * @return the option
     */
    public static SaveOption choice(String key, String defaultValue, String note, String... choices) {
        return new SaveOption(key, List.of(choices), 0, 0, defaultValue, note);
    }

    /**
     * An option taking an integer in {@code [min, max]}.
     *
     * @param key          the option's name
     * @param min          the smallest value allowed
     * @param max          the largest value allowed
     * @param defaultValue the value when absent
     * @return the option
     */
    public static SaveOption range(String key, int min, int max, int defaultValue) {
        return new SaveOption(key, List.of(), min, max, Integer.toString(defaultValue), "");
    }

    /**
     * Whether this is an integer option.
     *
     * @return true when the option takes an integer range rather than choices
     */
    public boolean isRange() {
        return choices.isEmpty();
    }

    /**
     * Whether {@code value} is allowed.
     *
     * @param value a value as given
     * @return true when it is one of the choices, or an integer in range
     */
    public boolean accepts(String value) {
        return accepts(value, choices, min, max);
    }

    private static boolean accepts(String value, List<String> choices, int min, int max) {
        if (!choices.isEmpty()) {
            return choices.contains(value);
        }
        try {
            int v = Integer.parseInt(value.trim());
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The setting's value in {@code settings}, or the default; checked against this option.
     *
     * @param settings the settings of a save
     * @return the value to use
     * @throws IllegalArgumentException when the given value is not allowed
     */
    public String valueIn(SaveSettings settings) {
        String v = settings.option(key);
        if (v == null) {
            return defaultValue;
        }
        if (!accepts(v)) {
            throw new IllegalArgumentException(isRange()
                    ? key + " must be between " + min + " and " + max + ", got " + v
                    : (note.isEmpty() ? "" : note + "; ") + key + " '" + v + "' is not one of " + choices);
        }
        return v;
    }
}
