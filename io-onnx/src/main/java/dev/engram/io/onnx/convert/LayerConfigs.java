package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.RecurrentPattern;
import dev.engram.layers.ActivationLayerConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.SimpleRnnConfig;

/**
 * The config changes the converter makes after a layer's node was read (a later node decides
 * returnSequences or returnState; the first layer takes the graph input's shape). The engine's
 * {@link RecurrentLayerConfig} and {@link LayerConfig} have no withers for these, hence the per-type
 * dispatch here and in {@link RecurrentPattern#withOutputs}.
 */
final class LayerConfigs {
    private LayerConfigs() {
    }

    /** The same recurrent configuration with returnState set. */
    static RecurrentLayerConfig withReturnState(RecurrentLayerConfig c, boolean v) {
        return RecurrentPattern.withOutputs(c, c.returnSequences(), v);
    }

    /** The same recurrent configuration with returnSequences set. */
    static RecurrentLayerConfig withReturnSequences(RecurrentLayerConfig c, boolean v) {
        return RecurrentPattern.withOutputs(c, v, c.returnState());
    }

    /** The units of an LSTM, GRU or SimpleRNN configuration. */
    static int units(LayerConfig c) {
        return ((RecurrentLayerConfig) c).units();
    }

    /** The first layer of a converted chain with its per-sample input shape. */
    static LayerConfig withInputShape(LayerConfig c, int[] shape) {
        if (c instanceof LstmConfig l) {
            return l.inputShape(shape);
        }
        if (c instanceof GruConfig g) {
            return g.inputShape(shape);
        }
        if (c instanceof SimpleRnnConfig r) {
            return r.inputShape(shape);
        }
        if (c instanceof BidirectionalConfig b) {
            return b.inputShape(shape);
        }
        if (c instanceof GlobalPooling1DConfig p) {
            return p.inputShape(shape);
        }
        if (c instanceof ActivationLayerConfig a) {
            return a.inputShape(shape);
        }
        return ((DenseConfig) c).inputShape(shape);
    }
}
