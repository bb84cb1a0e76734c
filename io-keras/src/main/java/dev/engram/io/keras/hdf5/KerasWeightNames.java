package dev.engram.io.keras.hdf5;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Parameter;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.Rnn;
import dev.engram.layers.RnnConfig;
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
        String scope = p.layerName();
        String cell = owner instanceof RecurrentLayerConfig
                ? KerasV3Weights.toSnakeCase(KerasLayers.className(owner)) + "_cell/" : "";
        Rnn rnn = layer instanceof Rnn r ? r : null;
        if (layer instanceof dev.engram.layers.Bidirectional bl && bl.forwardLayer() instanceof Rnn f
                && bl.backwardLayer() instanceof Rnn b) {
            // a Bidirectional's halves: bidirectional/forward_rnn/stacked_rnn_cells/lstm_cell/kernel
            rnn = f.parameters().contains(p) ? f : b;
        }
        if (rnn != null) {
            // Keras names an RNN's weights after its cells: rnn/stacked_rnn_cells/lstm_cell_1/kernel.
            RnnConfig rc = rnn.config();
            scope = rnn == layer ? layer.name() : layer.name() + "/" + rnn.name();
            cell = (rc.stacked() ? "stacked_rnn_cells/" : "") + KerasLayers.rnnCellNames(rc).get(cellOf(rnn, p)) + "/";
        }
        return d.isKeras3()
                ? model.name() + "/" + scope + "/" + cell + weight
                : scope + "/" + cell + weight + ":0";
    }

    /** The index of the cell of {@code rnn} that owns {@code p}. */
    static int cellOf(Rnn rnn, Parameter p) {
        for (int k = 0; k < rnn.cellLayers().size(); k++) {
            if (rnn.cellLayers().get(k).parameters().contains(p)) {
                return k;
            }
        }
        throw new IllegalArgumentException("parameter " + p.path() + " is not one of RNN '" + rnn.name() + "'");
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
