package dev.engram.io.onnx.internal;

import dev.engram.layers.LayerConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of the converter's walk along the data path: the value being followed and its layout,
 * how that value relates to the last recurrent or dense layer, and the layer configurations with
 * their weights gathered so far. Shared by {@link ChainMatcher}, {@link RecurrentStep} and
 * {@link DenseStep}.
 */
final class LayerChain {
    /** Layout of the value being followed. */
    enum Form {
        BATCH_SEQ, TIME_SEQ, LSTM_Y, LSTM_YH, VEC,
        /** A bidirectional node's Y {@code [T, 2, B, H]} and Y_h {@code [2, B, H]}. */
        BI_Y, BI_YH,
        /** After the Transpose that puts the direction axis next to the features: [T, B, 2, H], [B, T, 2, H], [B, 2, H]. */
        BI_TIME, BI_BATCH, BI_VEC,
        /** The last step sliced off a sequence, before the Squeeze of the time axis (tf2onnx). */
        LAST_STEP,
        /** A [batch, H] vector with extra size-1 axes, shape in {@link LayerChain#vecShape} ({@link ShapeOnlyStep}). */
        SHAPED_VEC
    }

    /** The layers in order. */
    final List<LayerConfig> configs = new ArrayList<>();
    /** Per layer, its weights by parameter name, or by position as {@code "#k"} (Bidirectional). */
    final List<Map<String, Tensor>> weights = new ArrayList<>();

    /** The value being followed. */
    String cur;
    Form form;
    /** The layout attribute of the last recurrent node. */
    int lstmLayout;
    /** Index of the LSTM whose unmodified output {@code cur} is, or -1. */
    int lstmIndex = -1;
    /** {@code cur} is a reverse LSTM's sequence in ONNX (input) order, not the engine's processing order. */
    boolean inputOrderReverse;
    /** Axis of the length-1 time dimension while {@code form} is LAST_STEP. */
    long lastStepAxis;
    /** The symbolic shape while {@code form} is SHAPED_VEC ({@link ShapeOnlyStep#BATCH} for the batch). */
    long[] vecShape;
    /** The SHAPED_VEC value is a length-1 sequence with extra size-1 axes, not a vector. */
    boolean shapedSequence;
    /** The time steps the graph input fixes, or -1 when unknown. */
    long steps = -1;
    /** The graph input's feature width. */
    long inputFeatures = -1;
    /** {@code cur} is the raw output of the last Dense layer, so an activation can fold into it. */
    boolean denseOpen;

    LayerChain(String input, Form form) {
        this.cur = input;
        this.form = form;
    }

    /** Follows node {@code n}'s first output, which has layout {@code f}. */
    void moveTo(NodeContext n, Form f) {
        cur = n.node().getOutput(0);
        form = f;
    }

    /** The feature width of a VEC value: the last layer's output units. */
    long vecWidth() {
        LayerConfig last = configs.get(configs.size() - 1);
        if (last instanceof dev.engram.layers.DenseConfig d) {
            return d.units();
        }
        if (last instanceof dev.engram.layers.BidirectionalConfig b) {
            return 2L * RecurrentPattern.units(b.layer());
        }
        return RecurrentPattern.units(last);
    }

    /** Appends a layer and its weights. */
    void add(LayerConfig config, Map<String, Tensor> w) {
        configs.add(config);
        weights.add(w);
    }

    /**
     * Node {@code n} takes the last step of layer {@code lstmIndex}'s sequence, which is that layer's
     * final output: the layer stops returning sequences and the walk goes on from {@code n} as a vector.
     */
    void endSequenceAt(NodeContext n) {
        var layer = (RecurrentLayerConfig) configs.get(lstmIndex);
        configs.set(lstmIndex, RecurrentPattern.withReturnSequences(layer, false));
        lstmIndex = -1;
        moveTo(n, Form.VEC);
    }
}
