package dev.engram.io.keras.layers;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LayerConfig;
import dev.engram.tensor.Shape;
import java.util.List;

/**
 * What a {@link KerasLayerCodec} needs besides the {@code config} object to read one layer entry.
 *
 * @param dialect    the file's dialect
 * @param name       the layer's name (its config's {@code name}, or the functional entry's)
 * @param className  the entry's {@code class_name} (one of the codec's {@link KerasLayerCodec#classNames()})
 * @param inputShape the per-sample input shape to give the config, or null
 * @param inWrapper  whether the entry is the layer a Bidirectional or TimeDistributed wraps
 * @param axisChecks where normalization layers record the axis to check once the model is built
 */
public record KerasReadContext(KerasDialect dialect, String name, String className, Shape inputShape,
        boolean inWrapper, List<AxisCheck> axisChecks) {

    /**
     * The engine config of a wrapped layer's entry ({@code config.layer} of a wrapper), read with
     * the same dialect and axis checks and no input shape.
     *
     * @param entry the wrapped layer's {@code {class_name, config}} object
     * @return its engine config
     * @throws ModelFormatException when the entry is malformed or names an unsupported class
     */
    public LayerConfig<?> readWrapped(ConfigNode entry) throws ModelFormatException {
        return KerasLayers.read(entry, dialect, null, axisChecks, true);
    }

    /**
     * Whether the file is in dialect {@code d}.
     *
     * @param d a dialect
     * @return whether {@link #dialect()} is {@code d}
     */
    public boolean is(KerasDialect d) {
        return dialect == d;
    }
}
