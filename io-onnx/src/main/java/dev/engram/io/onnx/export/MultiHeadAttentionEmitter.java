package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.MultiHeadAttention;
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
 * refused (the masks are not exported); dropout is the identity at inference. Attention over the axes of
 * inputs of rank above 3 ({@link MultiHeadAttention#foldOrder()}) is this subgraph between a {@code Transpose} +
 * {@code Reshape} of each input to {@code [batch · others, T, d]} and the inverse of the output ({@code Reshape}
 * to the scores' own layout); the sizes of every middle axis must be known at build. Its mask is built as Keras
 * builds it: the attention-mask input (non-zero = may attend) times the causal constant {@code [1, Tq, Tv]} of
 * the sizes of axis 1 (NumPy broadcasting in both), {@code Unsqueeze} at Keras's insertion axis up to the
 * scores' rank, {@code Expand} over the scores with one head and a {@code Reshape} to {@code [batch · others, 1,
 * Tq, Tv]}; a causal mask alone is a constant. tf-keras's fully masked positions over two or more axes
 * ({@link MultiHeadAttention#unnormalizedMaskedWeights()}) divide their weights by the row's {@code ReduceMax}.
 */
final class MultiHeadAttentionEmitter extends KeyedEmitter<MultiHeadAttentionConfig> {
    MultiHeadAttentionEmitter() {
        super(MultiHeadAttentionConfig.class, "MultiHeadAttention (masks as causal or attention-mask input)");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, MultiHeadAttentionConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        MultiHeadAttention mha = (MultiHeadAttention) layer;
        if (mha.foldOrder() != null) {
            return overAxes(g, mha, c, ins);
        }
        List<Shape> shapes = layer.inputShapes();
        int tensors = ins.size() - (c.attentionMaskInput() ? 1 : 0);
        int[] features = new int[tensors];
        for (int i = 0; i < tensors; i++) {
            features[i] = shapes.get(i).dim(-1);
        }
        return attend(g, mha, c, ins.subList(0, tensors), features, allowed(g, layer.name(), layer, c, ins));
    }

    /**
     * The one-axis subgraph on {@code [batch, T, d]} inputs (query, value, optional key) with the given mask
     * ({@code [.., Tq, Tv]} broadcast over the scores; null when unmasked).
     */
    private static List<ExportValue> attend(GraphBuilder g, MultiHeadAttention layer, MultiHeadAttentionConfig c,
            List<ExportValue> ins, int[] features, String allowed) throws UnsupportedOnnxException {
        String n = layer.name();
        for (ExportValue in : ins) {
            if (in.maskSource() != null) {
                throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention) reads the time-step mask"
                        + " made by '" + in.maskSource() + "'; attention masks from Keras masks are not exported"
                        + " (pass an attention-mask input instead)");
            }
        }
        int heads = c.numHeads();
        int tensors = ins.size();
        String q = project(g, n + "_query", ins.get(0).name(), features[0], layer, WeightRole.QUERY_KERNEL,
                WeightRole.QUERY_BIAS, heads, c.keyDim(), 0, 2, 1, 3);
        q = g.node("Mul", n + "_query_scaled", List.of(q, g.scalar(n + "_scale", (float) (1.0 / Math.sqrt(c.keyDim())))));
        int keyIndex = tensors == 3 ? 2 : 1;
        String k = project(g, n + "_key", ins.get(keyIndex).name(), features[keyIndex], layer,
                WeightRole.KEY_KERNEL, WeightRole.KEY_BIAS, heads, c.keyDim(), 0, 2, 3, 1);
        String v = project(g, n + "_value", ins.get(1).name(), features[1], layer, WeightRole.VALUE_KERNEL,
                WeightRole.VALUE_BIAS, heads, c.valueDim(), 0, 2, 1, 3);
        String s = g.node("MatMul", n + "_scores", List.of(q, k));
        if (allowed != null) {
            String forbidden = g.node("Sub", n + "_forbidden", List.of(g.scalar(n + "_one", 1f), allowed));
            String bias = g.node("Mul", n + "_mask_bias", List.of(forbidden, g.scalar(n + "_adder", -1e9f)));
            s = g.node("Add", n + "_masked", List.of(s, bias)); // Keras parity: -1e9 added where masked
        }
        String p = g.node("Softmax", n + "_weights", List.of(s), GraphBuilder.attr("axis", -1L));
        if (allowed != null && layer.weightsMaskedAfterSoftmax()) {
            p = g.node("Mul", n + "_weights_masked", List.of(p, allowed));
        }
        if (allowed != null && layer.unnormalizedMaskedWeights()) {
            // tf-keras parity: a fully masked row's weights are its softmax over its maximum (exp(s - logsumexp))
            String none = g.node("Equal", n + "_row_masked", List.of(g.reduce("ReduceMax", allowed, n + "_row_any",
                    true, -1), g.scalar(n + "_none", 0f)));
            String divisor = g.node("Where", n + "_row_divisor", List.of(none, g.reduce("ReduceMax", p, n + "_row_max",
                    true, -1), g.scalar(n + "_unit", 1f)));
            p = g.node("Div", n + "_weights_unnormalized", List.of(p, divisor));
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
    private static List<ExportValue> overAxes(GraphBuilder g, MultiHeadAttention layer, MultiHeadAttentionConfig c,
            List<ExportValue> ins) throws UnsupportedOnnxException {
        String n = layer.name();
        int[] perm = layer.foldOrder();
        int rank = perm.length;
        long[] order = java.util.Arrays.stream(perm).asLongStream().toArray();
        int[] axes = layer.resolvedAttentionAxes();
        List<Shape> shapes = layer.inputShapes();
        int tensors = ins.size() - (c.attentionMaskInput() ? 1 : 0);
        for (int i = 0; i < ins.size(); i++) {
            Shape s = shapes.get(i);
            for (int a = 0; a < s.rank(); a++) {
                if (s.dim(a) == Shape.UNKNOWN) {
                    throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention over axes "
                            + java.util.Arrays.toString(axes) + ") has input " + i + " of shape "
                            + s.prepend(Shape.UNKNOWN) + "; the export folds the middle axes with fixed sizes: build it "
                            + "with every size known");
                }
            }
        }
        List<ExportValue> folded = new java.util.ArrayList<>();
        int[] features = new int[tensors];
        for (int i = 0; i < tensors; i++) {
            Shape s = shapes.get(i);
            features[i] = s.dim(-1);
            String x = g.transpose(ins.get(i).name(), n + "_fold" + i, order);
            folded.add(new ExportValue(g.node("Reshape", n + "_folded" + i, List.of(x, g.longs(n + "_fold_shape" + i,
                    -1L, product(s, axes), s.dim(-1)))), 3, ins.get(i).maskSource()));
        }
        String allowed = foldedAllowed(g, layer, c, ins, axes, rank - 2 - axes.length);
        List<ExportValue> flat = attend(g, layer, c, folded, features, allowed);
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

    private static long product(Shape s, int[] axes) {
        long t = 1;
        for (int a : axes) {
            t *= s.dim(a - 1);
        }
        return t;
    }

    /**
     * The mask of folded axes as {@code [batch · others, 1, Tq, Tv]} (or {@code [1, 1, Tq, Tv]} for a causal mask
     * alone), built as Keras builds it (see the class comment); null when unmasked. The engine checked at build
     * that Keras can broadcast it.
     */
    private static String foldedAllowed(GraphBuilder g, MultiHeadAttention layer, MultiHeadAttentionConfig c,
            List<ExportValue> ins, int[] axes, int others) throws UnsupportedOnnxException {
        String n = layer.name();
        Shape q = layer.inputShapes().get(0);
        Shape v = layer.inputShapes().get(1);
        long tq = product(q, axes);
        long tv = product(v, axes);
        int t1 = q.dim(0);
        int s1 = v.dim(0);
        float[] causal = new float[t1 * s1];
        for (int i = 0; i < t1; i++) {
            for (int j = 0; j <= i && j < s1; j++) {
                causal[i * s1 + j] = 1f;
            }
        }
        if (!c.attentionMaskInput()) {
            if (!c.useCausalMask()) {
                return null;
            }
            // one attention axis (Keras fails otherwise): [1, T1, S1] broadcast to [Sq, Sk], the same for every row
            int sq = q.dim(axes[0] - 1);
            int sk = v.dim(axes[0] - 1);
            float[] m = new float[sq * sk];
            for (int i = 0; i < sq; i++) {
                for (int j = 0; j < sk; j++) {
                    m[i * sk + j] = causal[(t1 == 1 ? 0 : i) * s1 + (s1 == 1 ? 0 : j)];
                }
            }
            return g.floats(n + "_causal", new int[] {1, 1, sq, sk}, m);
        }
        String m = ins.get(ins.size() - 1).name();
        String mask = g.node("Cast", n + "_mask_float", List.of(g.node("Not", n + "_mask_set", List.of(
                g.node("Equal", n + "_mask_zero", List.of(m, g.scalar(n + "_zero", 0f)))))), GraphBuilder.attr("to", 1L));
        int r = layer.inputShapes().get(ins.size() - 1).rank() + 1;
        if (c.useCausalMask()) {
            mask = g.node("Mul", n + "_mask_causal", List.of(mask, g.floats(n + "_causal", new int[] {1, t1, s1},
                    causal)));
            r = Math.max(r, 3);
        }
        int scoresRank = 2 + others + 2 * axes.length;
        for (; r < scoresRank; r++) {
            long at = r - 2L * axes.length; // Keras parity: expand_dims at -2·axes-1
            if (at <= 0) {
                throw new UnsupportedOnnxException("layer '" + n + "' (MultiHeadAttention) has an attention mask of "
                        + "rank " + r + " whose batch axis Keras moves off the scores' batch axis; not exported");
            }
            mask = g.unsqueeze(mask, at);
        }
        long[] target = new long[scoresRank];
        target[0] = 1;
        int d = 1;
        for (int a = 1; a < q.rank(); a++) {
            boolean attended = false;
            for (int x : axes) {
                attended |= x == a;
            }
            if (!attended) {
                target[d++] = q.dim(a - 1);
            }
        }
        target[d++] = 1;
        for (int x : axes) {
            target[d++] = q.dim(x - 1);
        }
        for (int x : axes) {
            target[d++] = v.dim(x - 1);
        }
        String expanded = g.node("Expand", n + "_mask_scores", List.of(mask, g.longs(n + "_mask_scores_shape", target)));
        return g.node("Reshape", n + "_mask_folded", List.of(expanded, g.longs(n + "_mask_folded_shape", -1L, 1L, tq,
                tv)));
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
