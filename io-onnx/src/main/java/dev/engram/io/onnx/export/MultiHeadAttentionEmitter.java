package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.MultiAxisAttention;
import dev.engram.layers.MultiHeadAttentionConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;

/**
 * MultiHeadAttention as a MatMul/Softmax subgraph: each projection is {@code MatMul} + {@code Add} on the
 * flattened kernel, reshaped to {@code [batch, T, heads, size]} and transposed to heads first (the key to
 * {@code [batch, heads, size, Tv]}); the query is scaled by {@code 1/sqrt(keyDim)} after its bias, as Keras and
 * the engine do; {@code S = MatMul(Q, Kᵀ)} plus {@code -1e9} where the causal mask or the attention-mask input
 * forbid (a constant {@code [Tq, Tv]} causal bias, so step counts must be known at build); {@code Softmax}
 * over the last axis; with Keras 3's unfused semantics the weights are multiplied by the mask; then
 * {@code MatMul} with the values, heads back to {@code [batch, Tq, heads * valueDim]} and the output
 * projection. The scores are the second output when returned. Inputs carrying Keras time-step masks are
 * refused (the masks are not exported); dropout is the identity at inference. Attention over other axes
 * ({@link MultiAxisAttention}) is this subgraph between a {@code Transpose} + {@code Reshape} of each input to
 * {@code [batch · others, T, d]} and the inverse of the output ({@code Reshape} to the scores' own layout);
 * the sizes of every middle axis must be known at build.
 */
final class MultiHeadAttentionEmitter extends KeyedEmitter<MultiHeadAttentionConfig> {
    MultiHeadAttentionEmitter() {
        super(MultiHeadAttentionConfig.class, "MultiHeadAttention (masks as causal or attention-mask input)");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, MultiHeadAttentionConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String n = layer.name();
        if (c.attentionAxes() != null) {
            return overAxes(g, (MultiAxisAttention) layer, c, ins);
        }
        for (ExportValue in : ins) {
            if (in.maskSource() != null) {
                throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention) reads the time-step mask"
                        + " made by '" + in.maskSource() + "'; attention masks from Keras masks are not exported"
                        + " (pass an attention-mask input instead)");
            }
        }
        int heads = c.numHeads();
        int tensors = ins.size() - (c.attentionMaskInput() ? 1 : 0);
        List<Shape> shapes = layer.inputShapes();
        String q = project(g, n + "_query", ins.get(0).name(), shapes.get(0).dim(1), layer, WeightRole.QUERY_KERNEL,
                WeightRole.QUERY_BIAS, heads, c.keyDim(), 0, 2, 1, 3);
        q = g.node("Mul", n + "_query_scaled", List.of(q, g.scalar(n + "_scale", (float) (1.0 / Math.sqrt(c.keyDim())))));
        int keyIndex = tensors == 3 ? 2 : 1;
        String k = project(g, n + "_key", ins.get(keyIndex).name(), shapes.get(keyIndex).dim(1), layer,
                WeightRole.KEY_KERNEL, WeightRole.KEY_BIAS, heads, c.keyDim(), 0, 2, 3, 1);
        String v = project(g, n + "_value", ins.get(1).name(), shapes.get(1).dim(1), layer, WeightRole.VALUE_KERNEL,
                WeightRole.VALUE_BIAS, heads, c.valueDim(), 0, 2, 1, 3);
        String s = g.node("MatMul", n + "_scores", List.of(q, k));
        String allowed = allowed(g, n, layer, c, ins);
        if (allowed != null) {
            String forbidden = g.node("Sub", n + "_forbidden", List.of(g.scalar(n + "_one", 1f), allowed));
            String bias = g.node("Mul", n + "_mask_bias", List.of(forbidden, g.scalar(n + "_adder", -1e9f)));
            s = g.node("Add", n + "_masked", List.of(s, bias)); // Keras parity: -1e9 added where masked
        }
        String p = g.node("Softmax", n + "_weights", List.of(s), GraphBuilder.attr("axis", -1L));
        if (allowed != null && c.masksWeightsAfterSoftmax()) {
            p = g.node("Mul", n + "_weights_masked", List.of(p, allowed));
        }
        String o = g.node("MatMul", n + "_heads", List.of(p, v));
        o = g.transpose(o, n + "_heads_t", 0, 2, 1, 3);
        o = g.node("Reshape", n + "_heads_flat", List.of(o, g.longs(n + "_heads_shape", 0, 0,
                (long) heads * c.valueDim())));
        Tensor wo = ExportWeights.find(layer, WeightRole.OUTPUT_KERNEL);
        int dOut = wo.shape().dim(2);
        String out = g.node("MatMul", n + "_output", List.of(o, g.floats(n + "_output_kernel",
                new int[] {heads * c.valueDim(), dOut}, wo.buffer())));
        Tensor bo = ExportWeights.find(layer, WeightRole.OUTPUT_BIAS);
        if (bo != null) {
            out = g.node("Add", n + "_output_biased", List.of(out, ExportWeights.initializer(g, n + "_output_bias", bo)));
        }
        ExportValue result = new ExportValue(out, 3, null);
        return c.returnAttentionScores() ? List.of(result, new ExportValue(p, 4, null)) : List.of(result);
    }

    /** Attention over other axes: the folded inputs through the one-axis subgraph, and the outputs unfolded. */
    private List<ExportValue> overAxes(GraphBuilder g, MultiAxisAttention layer, MultiHeadAttentionConfig c,
            List<ExportValue> ins) throws UnsupportedOnnxException {
        String n = layer.name();
        int[] perm = layer.foldOrder();
        int rank = perm.length;
        long[] order = java.util.Arrays.stream(perm).asLongStream().toArray();
        List<Integer> axes = c.attentionAxes();
        List<ExportValue> folded = new java.util.ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            Shape s = layer.inputShapes().get(i);
            for (int a = 0; a < s.rank(); a++) {
                if (s.dim(a) == Shape.UNKNOWN) {
                    throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention over axes " + axes
                            + ") has input " + i + " of shape " + s.prepend(Shape.UNKNOWN) + "; the export folds the "
                            + "middle axes with fixed sizes: build it with every size known");
                }
            }
            long t = 1;
            for (int a : axes) {
                t *= s.dim(a - 1);
            }
            String x = g.transpose(ins.get(i).name(), n + "_fold" + i, order);
            folded.add(new ExportValue(g.node("Reshape", n + "_folded" + i, List.of(x, g.longs(n + "_fold_shape" + i,
                    -1L, t, s.dim(-1)))), 3, null));
        }
        List<ExportValue> flat = emit(g, layer.attention(), c.withAttentionAxes(null), folded);
        Shape q = layer.inputShapes().get(0);
        List<Long> outShape = new java.util.ArrayList<>(List.of(-1L));
        for (int i = 1; i < rank - 1; i++) {
            outShape.add((long) q.dim(perm[i] - 1));
        }
        outShape.add((long) layer.outputShapes().get(0).dim(-1));
        String y = g.node("Reshape", n + "_unfold", List.of(flat.get(0).name(), g.longs(n + "_unfold_shape",
                outShape.stream().mapToLong(Long::longValue).toArray())));
        long[] inverse = new long[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        List<ExportValue> out = new java.util.ArrayList<>();
        out.add(new ExportValue(g.transpose(y, n + "_unfolded", inverse), rank, null));
        if (flat.size() > 1) {
            Shape scores = layer.outputShapes().get(1);
            long[] shape = new long[scores.rank() + 1];
            shape[0] = -1;
            for (int a = 0; a < scores.rank(); a++) {
                shape[a + 1] = scores.dim(a);
            }
            out.add(new ExportValue(g.node("Reshape", n + "_scores", List.of(flat.get(1).name(),
                    g.longs(n + "_scores_shape", shape))), scores.rank() + 1, null));
        }
        return out;
    }

    /** {@code x · W + b} as {@code [batch, T, heads, size]}, transposed by {@code perm}. */
    private static String project(GraphBuilder g, String base, String x, int in, Layer layer, WeightRole kernel,
            WeightRole bias, int heads, int size, long... perm) {
        Tensor w = ExportWeights.find(layer, kernel);
        String y = g.node("MatMul", base + "_proj", List.of(x, g.floats(base + "_kernel", new int[] {in, heads * size},
                w.buffer())));
        Tensor b = ExportWeights.find(layer, bias);
        if (b != null) {
            y = g.node("Add", base + "_biased", List.of(y, g.floats(base + "_bias", new int[] {heads * size}, b.buffer())));
        }
        y = g.node("Reshape", base + "_split", List.of(y, g.longs(base + "_split_shape", 0, 0, heads, size)));
        return g.transpose(y, base + "_heads", perm);
    }

    /** 1 where a query step may attend a key step, broadcast over {@code [batch, heads, Tq, Tv]}; null when unmasked. */
    private static String allowed(GraphBuilder g, String n, Layer layer, MultiHeadAttentionConfig c,
            List<ExportValue> ins) throws UnsupportedOnnxException {
        String allowed = null;
        if (c.useCausalMask()) {
            int tq = layer.inputShapes().get(0).dim(0);
            int tv = layer.inputShapes().get(1).dim(0);
            if (tq == Shape.UNKNOWN || tv == Shape.UNKNOWN) {
                throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention) is causal with step counts"
                        + " unknown at build; export it with fixed query and value lengths");
            }
            float[] lower = new float[tq * tv];
            for (int i = 0; i < tq; i++) {
                for (int j = 0; j <= i && j < tv; j++) {
                    lower[i * tv + j] = 1f;
                }
            }
            allowed = g.floats(n + "_causal", new int[] {tq, tv}, lower);
        }
        if (c.attentionMaskInput()) {
            String m = ins.get(ins.size() - 1).name();
            String nonZero = g.node("Not", n + "_mask_set", List.of(g.node("Equal", n + "_mask_zero",
                    List.of(m, g.scalar(n + "_zero", 0f)))));
            String mask = g.unsqueeze(g.node("Cast", n + "_mask_float", List.of(nonZero),
                    GraphBuilder.attr("to", 1L)), 1);
            allowed = allowed == null ? mask : g.node("Mul", n + "_allowed", List.of(allowed, mask));
        }
        return allowed;
    }
}
