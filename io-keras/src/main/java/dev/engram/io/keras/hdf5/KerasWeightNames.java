package dev.engram.io.keras.hdf5;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.models.Network;
import java.util.Locale;

/**
 * The names Keras gives a layer's weight datasets in h5 files (model weights and the optimizer
 * variables named after them), shared by the h5 writer and the optimizer state.
 */
public final class KerasWeightNames {
    private KerasWeightNames() {
    }

    /**
     * The dataset name Keras would give: {@code lstm/lstm_cell/kernel:0} (tf.keras 2) or
     * {@code <model>/lstm/lstm_cell/kernel} (Keras 3). Keras loads by position, so these names only
     * need to look right; the weight's own name is the engine parameter name in snake_case.
     *
     * @param model the model (its name prefixes Keras 3 names)
     * @param layer the layer owning {@code p}
     * @param p     the parameter
     * @param d     the dialect whose naming to use
     * @return the dataset name
     */
    public static String weightName(Network model, Layer layer, Parameter p, KerasDialect d) {
        String weight = snake(p.name());
        if (layer.config() instanceof dev.engram.layers.MultiHeadAttentionConfig) {
            // Keras's EinsumDense sub-layers: query/kernel ... attention_output/bias
            weight = weight.replaceFirst("^output_", "attention_output_").replaceFirst("_(kernel|bias)$", "/$1");
        }
        // p.layerName() is the layer, or "bidirectional/forward_lstm" for a Bidirectional's sub-layer.
        LayerConfig<?> owner = layer.config() instanceof BidirectionalConfig b ? b.layer() : layer.config();
        String cell = owner instanceof RecurrentLayerConfig
                ? KerasV3Weights.toSnakeCase(KerasLayers.className(owner)) + "_cell/" : "";
        return d.isKeras3()
                ? model.name() + "/" + p.layerName() + "/" + cell + weight
                : p.layerName() + "/" + cell + weight + ":0";
    }

    /**
     * Engine parameter names are camelCase forms of the Keras names (STYLE.md): recurrentKernel -> recurrent_kernel.
     *
     * @param camel an engine parameter name
     * @return its Keras name
     */
    public static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
