package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.LayerConfig;
import java.util.List;

/**
 * What one engine layer config means in the Keras family of formats (Keras 3, tf-keras 2, Keras 1-2
 * legacy h5, TF.js layers): the class names it is written under, how a file's {@code config}
 * object becomes the engine config in each dialect, how the engine config is written back, and the
 * Keras names of its weights in file order. One implementation per layer (or per tight family),
 * usually extending {@link AbstractKerasLayerCodec}, registered once in {@link KerasLayers}; adding a
 * layer to the Keras formats means adding one codec there.
 *
 * @param <C> the engine config type this codec translates
 */
public interface KerasLayerCodec<C extends LayerConfig<?>> {
    /**
     * The Keras class names this codec reads, canonical names first (the one {@link #className}
     * writes is among them), then aliases older writers used.
     *
     * @return the class names, e.g. {@code [LSTM]} or {@code [Concatenate, Add, Multiply, Average]}
     */
    List<String> classNames();

    /**
     * The engine config type this codec reads and writes.
     *
     * @return the config record's class
     */
    Class<C> configType();

    /**
     * The class name {@code config} is written under (the first of {@link #classNames()} unless
     * the config selects one, as a merge mode does).
     *
     * @param config the engine config
     * @return the Keras class name
     */
    default String className(C config) {
        return classNames().get(0);
    }

    /**
     * The engine config of a file's layer entry. Every engine field is set from the file; a missing
     * key takes the dialect's documented default; keys the engine cannot honour are refused.
     *
     * @param config the entry's {@code config} object and its place in the file
     * @param ctx    the dialect, the layer's name, class and input shape, and the wrapped-layer reader
     * @return the engine config
     * @throws ModelFormatException when a value is malformed or names something the engine cannot represent
     */
    C read(ConfigNode config, KerasReadContext ctx) throws ModelFormatException;

    /**
     * Whether {@code config} has a form in dialect {@code d} ({@link KerasDialect#KERAS_1} is read-only,
     * and some configs have no TF.js form). {@link #write} refuses what this refuses, with a message
     * that says why.
     *
     * @param config the engine config
     * @param d      the dialect to write
     * @return whether {@link #write} accepts the config in that dialect
     */
    default boolean writes(C config, KerasDialect d) {
        return d != KerasDialect.KERAS_1;
    }

    /**
     * The {@code config} object of {@code config} with the keys and key order the target framework
     * itself writes (tfjs-layers 4.22 {@code getConfig()}, tf-keras 2, Keras 3), so that its
     * {@code from_config} rebuilds exactly the engine layer. The envelope ({@code class_name},
     * Keras 3 {@code module}/{@code registered_name}) is added by {@link KerasLayers}.
     *
     * @param config the engine config
     * @param ctx    the dialect, the name to write, the input shape (TF.js first layer) and the place
     *               in the written file for error messages
     * @return a new {@code config} object
     * @throws ModelFormatException when the dialect cannot express the config
     */
    ObjectNode write(C config, KerasWriteContext ctx) throws ModelFormatException;

    /**
     * The Keras names of the layer's weights in the order Keras stores them ({@code kernel},
     * {@code recurrent_kernel}, {@code bias}), which is also the order of the engine layer's
     * parameters; empty (the default) for layers without weights. The registry test checks it
     * against the built layer.
     *
     * @param config the engine config (whether it has a bias, a wrapped layer, ...)
     * @return the weight names in file order
     */
    default List<String> weightNames(C config) {
        return List.of();
    }
}
