package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of the converter's walk along the data path: the value being followed and its layout,
 * how that value relates to the last recurrent or dense layer, and the layer configurations with
 * their weights gathered so far. Shared by {@link ChainMatcher} and the {@link OnnxNodeImporter}s.
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
        SHAPED_VEC,
        /** A batch-major sequence transposed to channels-first [batch, features, time] (before a global pool). */
        CHANNEL_SEQ,
        /** An image in the engine's layout ({@link LayerChain#imageFormat}): [batch, H, W, C] or [batch, C, H, W]. */
        IMAGE,
        /** A channels-last image transposed to ONNX's [batch, C, H, W] (around a Conv node). */
        IMAGE_NCHW,
        /** An image (form {@link LayerChain#splitFrom}) with a size-1 axis after its rows and after its columns. */
        IMAGE_SPLIT,
        /** An IMAGE_SPLIT value tiled along those axes by {@link LayerChain#upSampling}, before the Reshape. */
        IMAGE_TILED,
        /**
         * A volume in the engine's layout ({@link LayerChain#imageFormat}; depth, height, width in
         * {@link LayerChain#imageSize}): [batch, D, H, W, C] or [batch, C, D, H, W].
         */
        VOLUME,
        /** A channels-last volume transposed to ONNX's [batch, C, D, H, W] (around a Conv node). */
        VOLUME_NCDHW,
        /**
         * A batch-major sequence reshaped to rows [batch·steps, features], the same memory (tf2onnx's Tensordot: a
         * Dense on a sequence as Reshape, MatMul, Reshape back).
         */
        ROWS,
        /** A graph input of integer ids [batch, steps] that a Gather of a constant table reads (an Embedding). */
        IDS
    }

    /** The layers in order. */
    final List<LayerConfig> configs = new ArrayList<>();
    /** Per layer, its weights by typed role (and direction, in a Bidirectional layer). */
    final List<Map<WeightKey, Tensor>> weights = new ArrayList<>();
    /** Per layer, the names of the constant inputs its node read ("" for none): equal keys mean shared weights. */
    final List<String> keys = new ArrayList<>();

    /** The value being followed. */
    String cur;
    Form form;
    /** The layout attribute of the last recurrent node. */
    int lstmLayout;
    /** Index of the LSTM whose unmodified output {@code cur} is, or -1. */
    int lstmIndex = -1;
    /** {@code cur} is a reverse LSTM's sequence in ONNX (input) order, not the engine's processing order. */
    boolean inputOrderReverse;
    /** {@code cur} is the input sequence flipped in time (ReverseSequence): the next recurrent layer goes backwards. */
    boolean reversedInput;
    /** Axis of the length-1 time dimension while {@code form} is LAST_STEP. */
    long lastStepAxis;
    /** The symbolic shape while {@code form} is SHAPED_VEC ({@link ShapeOnlyStep#BATCH} for the batch). */
    long[] vecShape;
    /** The SHAPED_VEC value is a length-1 sequence with extra size-1 axes, not a vector. */
    boolean shapedSequence;
    /**
     * Per layer index, the ONNX values (one per use) of a recurrent layer's returned states (engine
     * outputs 1..: h, then c), when the walk may end in several values ({@link NetworkConverter}); null
     * for a Sequential, where a recurrent node must have exactly one used output.
     */
    Map<Integer, List<List<String>>> sideOutputs;
    /**
     * When set ({@link NetworkConverter}), maps a recurrent node's initial_h / initial_c input to the
     * {@code [batch, H]} value it unsqueezes, or null; a null function means initial states must be zero.
     */
    java.util.function.UnaryOperator<String> stateSource;
    /** The layout of side outputs that are not {@code [batch, H]} vectors (a Bidirectional none merge's sequence). */
    final Map<String, Form> sideForms = new java.util.HashMap<>();
    /** Per layer index, the values of its initial states (h, then c for an LSTM) as extra layer inputs. */
    final Map<Integer, List<String>> stateInputs = new java.util.HashMap<>();
    /** The per-sample shape of the graph input the walk started at (batch-major), or null. */
    int[] perSample;
    /**
     * The CHANNEL_SEQ value followed is the engine's own layout [batch, C, L] (a PyTorch NCL input read by a 1-D
     * ConvTranspose), so its layers are channels-first; false when it is a batch-major sequence transposed.
     */
    boolean channelsFirstSequence;
    /** The time steps the graph input fixes, or -1 when unknown. */
    long steps = -1;
    /** The graph input's feature width. */
    long inputFeatures = -1;
    /** The engine layout of the images followed (forms IMAGE and IMAGE_NCHW). */
    dev.engram.layers.DataFormat imageFormat;
    /**
     * Height and width of the images followed (depth, height and width of volumes),
     * {@link dev.engram.tensor.Shape#UNKNOWN} where not fixed.
     */
    int[] imageSize;
    /** The image form (IMAGE or IMAGE_NCHW) an IMAGE_SPLIT or IMAGE_TILED value was split from. */
    Form splitFrom;
    /** The row and column repetitions of an IMAGE_TILED value. */
    int[] upSampling;
    /** The width of the vector a Flatten of an image made, or -1. */
    long flatWidth = -1;
    /** {@code cur} is the raw output of the last Dense layer, so an activation can fold into it. */
    boolean denseOpen;
    /** The node being matched reads the raw output of a Dense layer ({@code denseOpen} before the step). */
    boolean afterDense;

    LayerChain(String input, Form form) {
        this.cur = input;
        this.form = form;
    }

    /** Why the value followed is not a layer's output in the engine's layout, or null when it is. */
    String notALayerOutput() {
        if (inputOrderReverse) {
            return "a reverse layer's sequence in input order, which no engine layer produces";
        }
        if (reversedInput) {
            return "a time-flipped sequence that no recurrent layer reads, which no engine layer produces";
        }
        boolean own = form == Form.BATCH_SEQ || form == Form.VEC || form == Form.IMAGE || form == Form.VOLUME
                || form == Form.CHANNEL_SEQ && channelsFirstSequence;
        return !own ? "in layout " + form
                + ", not batch-major" : null;
    }

    /** Follows node {@code n}'s first output, which has layout {@code f}. */
    void moveTo(NodeContext n, Form f) {
        cur = n.node().getOutput(0);
        form = f;
    }

    /**
     * The feature width of the value followed: the units of the last layer that sets a width
     * (pooling and activation layers keep theirs), else the width the walk started with.
     */
    long vecWidth() {
        for (int i = configs.size() - 1; i >= 0; i--) {
            LayerConfig c = configs.get(i);
            if (c instanceof dev.engram.layers.DenseConfig d) {
                return d.units();
            }
            if (c instanceof dev.engram.layers.BidirectionalConfig b) {
                return 2L * ((RecurrentLayerConfig) b.layer()).units();
            }
            if (c instanceof RecurrentLayerConfig r) {
                return r.units();
            }
            if (c instanceof dev.engram.layers.FlattenConfig) {
                return flatWidth;
            }
            if (c instanceof dev.engram.layers.Conv1DConfig || c instanceof dev.engram.layers.Conv1DTransposeConfig) {
                return inputFeatures; // their importers keep it at the filters
            }
        }
        return inputFeatures;
    }

    /** Appends a layer, its weights and the key of the weights' constants (see {@link #weightKey}). */
    void add(LayerConfig config, Map<WeightKey, Tensor> w, String key) {
        configs.add(config);
        weights.add(w);
        keys.add(key);
    }

    /** The names of node {@code n}'s constant inputs after the data input: the identity of its weights. */
    static String weightKey(NodeContext n, ConversionGraph graph) {
        StringBuilder k = new StringBuilder(n.opType());
        var in = n.node().getInputList();
        for (int i = 1; i < in.size(); i++) {
            if (!in.get(i).isEmpty() && graph.constValue(in.get(i)) != null) {
                k.append('|').append(in.get(i));
            }
        }
        return k.toString();
    }

    /**
     * Node {@code n} takes the last step of layer {@code lstmIndex}'s sequence, which is that layer's
     * final output: the layer stops returning sequences and the walk goes on from {@code n} as a vector.
     */
    void endSequenceAt(NodeContext n) {
        var layer = (RecurrentLayerConfig) configs.get(lstmIndex);
        configs.set(lstmIndex, (LayerConfig) layer.withReturnSequences(false));
        lstmIndex = -1;
        moveTo(n, Form.VEC);
    }

    /** A possibly negative axis of a rank-{@code rank} value, counted from the front. */
    static long nonNegative(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }
}
