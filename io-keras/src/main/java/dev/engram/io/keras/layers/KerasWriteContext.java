package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LayerConfig;
import dev.engram.tensor.Shape;

/**
 * What a {@link KerasLayerCodec} needs besides the engine config to write one layer.
 *
 * @param dialect    the dialect to write (not {@link KerasDialect#KERAS_1})
 * @param name       the name to write (a wrapped layer's may differ from its config's)
 * @param inputShape the per-sample input shape a TF.js first layer declares, or null
 * @param at         the {@code config} object's place in the written file, for error messages
 */
public record KerasWriteContext(KerasDialect dialect, String name, Shape inputShape, ConfigNode at) {

    /**
     * A new {@code config} object holding the keys every layer starts with: TF.js {@code name},
     * {@code trainable} and (first layer) {@code batch_input_shape}/{@code dtype}; Keras 2/3
     * {@code name}, {@code trainable} and {@code dtype}.
     *
     * @return the object for the codec to fill
     */
    public ObjectNode header() {
        ObjectNode c = KerasEntries.object();
        if (dialect == KerasDialect.TFJS) {
            c.put("name", name);
            c.put("trainable", true);
            KerasEntries.tfjsInput(c, inputShape);
        } else {
            KerasEntries.header(c, name, dialect);
        }
        return c;
    }

    /**
     * The full entry ({@code class_name}, {@code config}, Keras 3 envelope) of a layer a wrapper
     * holds, written in the same dialect.
     *
     * @param config the wrapped layer's config
     * @param name   the name to write for it
     * @param key    the wrapper's key that holds it ({@code layer}, {@code backward_layer})
     * @return the entry
     * @throws ModelFormatException when the dialect cannot express the wrapped layer
     */
    public ObjectNode writeWrapped(LayerConfig<?> config, String name, String key) throws ModelFormatException {
        return KerasLayers.write(config, name, dialect, null, at.get(key));
    }

    /**
     * Whether the file is written in dialect {@code d}.
     *
     * @param d a dialect
     * @return whether {@link #dialect()} is {@code d}
     */
    public boolean is(KerasDialect d) {
        return dialect == d;
    }

    /**
     * The place of one key of the written {@code config} object, for error messages.
     *
     * @param key a config key
     * @return its location
     */
    public ConfigNode at(String key) {
        return at.get(key);
    }
}
