package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.runtime.ShapeOps;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.io.onnx.codec.Value;
import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Converts Gemm, and MatMul with an optional following Add of a constant, into an engine Dense
 * layer: kernel {@code [in, units]} and per-unit bias, with Gemm's transB, alpha and beta folded
 * into them. An activation node right after such a layer (or a Conv2D, see {@link ConvImporter})
 * becomes that layer's activation.
 */
final class DenseImporter extends OnnxNodeImporter {
    private static final List<String> OPS = Stream.concat(Stream.of("Gemm", "MatMul"),
            ActivationImport.ACTIVATION_OPS.stream()).toList();

    DenseImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "Gemm, MatMul(+Add), " + ActivationImport.ACTIVATION_OPS + " after a dense layer or as an "
                + "Activation layer", OPS);
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        switch (n.opType()) {
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            default -> activation(n);
        }
    }

    /** Gemm of vector data by a constant B, with an optional constant C, as a Dense layer. */
    private void gemm(NodeContext n) throws UnsupportedOnnxException {
        if (chain.form != Form.VEC || n.attrInt("transA", 0) != 0) {
            throw graph.refuse(n.describe() + ": Gemm maps to Dense only on [batch, features] data without transA");
        }
        Value b = graph.constValue(n.node().getInput(1));
        if (b == null || b.rank() != 2) {
            throw graph.refuse(n.describe() + ": B must be a constant matrix");
        }
        Value kernel = n.attrInt("transB", 0) != 0 ? ShapeOps.permute(b, new int[] {1, 0}) : b;
        float alpha = n.attrFloat("alpha", 1f);
        float beta = n.attrFloat("beta", 1f);
        boolean hasC = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty();
        Value c = hasC ? graph.constValue(n.node().getInput(2)) : null;
        if (hasC && c == null) {
            throw graph.refuse(n.describe() + ": C must be a constant");
        }
        add(scaled(kernel, alpha), c == null || beta == 0f ? null : biasOf(n, c, kernel.dim(1), beta),
                LayerChain.weightKey(n, graph));
        chain.moveTo(n, Form.VEC);
    }

    /** MatMul by a constant matrix, taking a following Add of a constant along as the bias. */
    private void matmul(NodeContext n) throws UnsupportedOnnxException {
        Form form = chain.form;
        Value w = graph.constValue(n.node().getInput(1));
        if (w == null || w.rank() != 2 || form == Form.LSTM_Y || form == Form.LSTM_YH || form == Form.LAST_STEP
                || form == Form.SHAPED_VEC || form == Form.CHANNEL_SEQ) {
            throw graph.refuse(n.describe() + ": MatMul maps to Dense only with a constant 2-D right operand on "
                    + "[batch, ..., features] data");
        }
        chain.moveTo(n, form);
        Value bias = null;
        String key = LayerChain.weightKey(n, graph);
        String cur = chain.cur;
        List<NodeContext> next = graph.dataConsumers(cur);
        if (next.size() == 1 && next.get(0).opType().equals("Add") && !graph.isOutput(cur)) {
            NodeContext add = next.get(0);
            String other = add.node().getInput(0).equals(cur) ? add.node().getInput(1) : add.node().getInput(0);
            Value c = graph.constValue(other);
            if (c != null) {
                bias = biasOf(add, c, w.dim(1), 1f);
                key += LayerChain.weightKey(add, graph) + "|" + other;
                chain.moveTo(add, form);
            }
        }
        add(w, bias, key);
    }

    /**
     * Activation node {@code n} folded into the Dense or Conv2D layer whose raw output it reads;
     * elsewhere on a batch-major sequence or a vector, an Activation layer; refused anywhere else.
     */
    private void activation(NodeContext n) throws UnsupportedOnnxException {
        boolean image = chain.form == Form.IMAGE || chain.form == Form.IMAGE_NCHW;
        boolean volume = chain.form == Form.VOLUME || chain.form == Form.VOLUME_NCDHW;
        Activation a = ActivationImport.nodeActivation(n, chain.form == Form.VEC || chain.form == Form.ROWS ? 2
                : image ? 4 : volume ? 5 : 3);
        List<LayerConfig> configs = chain.configs;
        int last = configs.size() - 1;
        boolean foldable = chain.afterDense && Activations.linear().equals(ConvImporter.activation(configs.get(last)));
        // On an image in the engine's own layout an Activation layer computes the same (a softmax too: both
        // take the last axis of the same memory order).
        if (a != null && !foldable && (chain.form == Form.VEC || chain.form == Form.BATCH_SEQ || chain.form == Form.ROWS
                || chain.form == Form.IMAGE) && !chain.inputOrderReverse) {
            chain.add(Layers.activation(a), Map.of(), "");
            chain.moveTo(n, chain.form);
            chain.lstmIndex = -1;
            return;
        }
        if (!foldable || a == null) {
            throw graph.refuse(n.describe() + ": an activation maps only right after a dense layer (Gemm or "
                    + "MatMul+Add) or on batch-major data, with a supported form");
        }
        if (chain.form == Form.IMAGE_NCHW && a.equals(Activations.softmax())) {
            throw graph.refuse(n.describe() + ": a softmax over the width of a transposed image has no engine layer");
        }
        configs.set(last, ConvImporter.withActivation(configs.get(last), a));
        chain.moveTo(n, chain.form);
        chain.lstmIndex = -1;
    }

    private void add(Value kernel, Value bias, String key) {
        Map<WeightKey, Tensor> w = new HashMap<>();
        w.put(WeightKey.of(WeightRole.KERNEL), kernel.tensor());
        if (bias != null) {
            w.put(WeightKey.of(WeightRole.BIAS), bias.tensor());
        }
        chain.add(Layers.dense(kernel.dim(1)).withUseBias(bias != null), w, key);
        chain.lstmIndex = -1;
        chain.denseOpen = true;
    }

    /** Constant {@code c} (per unit, or one value for all) times {@code beta} as a bias of {@code units}. */
    private Value biasOf(NodeContext n, Value c, int units, float beta) throws UnsupportedOnnxException {
        if (c.size() != units && c.size() != 1) {
            throw graph.refuse(n.describe() + ": the bias " + c + " is not a per-unit vector of " + units);
        }
        float[] d = new float[units];
        for (int i = 0; i < units; i++) {
            d[i] = beta * c.floats()[c.size() == 1 ? 0 : i];
        }
        return Value.ofFloats(new int[] {units}, d);
    }

    private static Value scaled(Value v, float alpha) {
        if (alpha == 1f) {
            return v;
        }
        float[] d = v.floats().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= alpha;
        }
        return Value.ofFloats(v.shape(), d);
    }
}
