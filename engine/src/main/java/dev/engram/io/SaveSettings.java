package dev.engram.io;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How {@link ModelFile#save} writes a model, in terms every format understands plus named
 * format-specific {@linkplain #options() options} that the format declares as {@link SaveOption}s.
 *
 * @param options               format-specific values by {@link SaveOption#key()}, e.g.
 *                              {@code dialect=keras3}, {@code opset=17}
 * @param producerName          the tool recorded as the file's producer where the format records one,
 *                              or null for the writer's default
 * @param producerVersion       its version, or null
 * @param includeTrainingConfig whether to write the loss and optimizer of a compiled model where the
 *                              format has them (when it cannot express them exactly, the writer leaves
 *                              them out and returns a note)
 */
public record SaveSettings(Map<String, String> options, String producerName, String producerVersion,
        boolean includeTrainingConfig) {

    /** Copies the options (sorted by key). */
    public SaveSettings {
        options = Map.copyOf(new TreeMap<>(options));
    }

    /**
     * No options, the writer's producer, the training configuration included.
     *
     * @return the defaults
     */
    public static SaveSettings defaults() {
        return new SaveSettings(Map.of(), null, null, true);
    }

    /**
     * These settings with one format-specific option set.
     *
     * @param key   the option's {@link SaveOption#key()}
     * @param value its value
     * @return the new settings
     */
    public SaveSettings with(String key, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new SaveSettings(m, producerName, producerVersion, includeTrainingConfig);
    }

    /**
     * These settings with the producer to record.
     *
     * @param name    the producing tool
     * @param version its version
     * @return the new settings
     */
    public SaveSettings withProducer(String name, String version) {
        return new SaveSettings(options, name, version, includeTrainingConfig);
    }

    /**
     * These settings without the training configuration: the model's architecture and weights only.
     *
     * @return the new settings
     */
    public SaveSettings withoutTrainingConfig() {
        return new SaveSettings(options, producerName, producerVersion, false);
    }

    /**
     * One format-specific option.
     *
     * @param key the option's name
     * @return its value, or null when not set
     */
    public String option(String key) {
        return options.get(key);
    }
}
