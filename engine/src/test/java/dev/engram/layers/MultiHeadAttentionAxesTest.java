package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MultiHeadAttention with {@code attentionAxes} on inputs of rank above 3, against a double-precision
 * reference written from Keras's einsum formulation with explicit multi-indices (not through the
 * layer's transpose and view): projections over the last axis, scores {@code [batch, other axes...,
 * heads, query attention axes..., key attention axes...]}, softmax jointly over every key attention axis,
 * output at each query position. Outputs, scores and finite-difference gradients of the inputs and all
 * eight weights, for 2-D attention over {@code [batch, H, W, C]} (query and value of different sizes, with
 * and without biases), attention over the width only (the height a batch axis), over the height only
 * ({@code [1]}), Keras's default (every middle axis), axes in reverse order, a negative axis, rank-5 inputs;
 * with attention-mask inputs of full and lower rank and the causal mask (Keras's broadcasting, fully masked
 * positions with Keras 3's zeroed weights and tf-keras's uniform ones); Keras's refusals; config checks.
 */
class MultiHeadAttentionAxesTest {
    private static final int N = 2;
    private static final int HK = 3;
    private static final int HV = 2;

    static Stream<Arguments> cases() {
        // query per-sample shape, value per-sample shape, axes, bias, output size (0: the query's features)
        return Stream.of(
                Arguments.of(new int[] {3, 2, 4}, new int[] {2, 3, 3}, List.of(1, 2), true, 0),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 2, 3}, List.of(2), true, 5),
                Arguments.of(new int[] {3, 2, 4}, new int[] {1, 4, 3}, List.of(1, 2), false, 3),
                Arguments.of(new int[] {2, 2, 3, 3}, new int[] {3, 2, 2, 2}, List.of(1, 3), true, 0),
                Arguments.of(new int[] {3, 2, 4}, new int[] {2, 2, 3}, List.of(1), true, 0),
                Arguments.of(new int[] {3, 2, 4}, new int[] {2, 3, 3}, null, true, 0),
                Arguments.of(new int[] {3, 2, 4}, new int[] {2, 3, 3}, List.of(2, 1), true, 2),
                Arguments.of(new int[] {3, 2, 4}, new int[] {3, 3, 3}, List.of(-3), true, 0),
                Arguments.of(new int[] {2, 3, 2, 3}, new int[] {2, 2, 2, 2}, null, false, 0),
                Arguments.of(new int[] {2, 3, 2, 3}, new int[] {3, 3, 2, 2}, List.of(3, 1), true, 0));
    }

    @ParameterizedTest(name = "query {0} value {1} axes {2} bias {3} out {4}")
    @MethodSource("cases")
    void matchesKerasEinsumAttention(int[] qs, int[] vs, List<Integer> axes, boolean bias, int dOut) {
        int batch = 2;
        MultiHeadAttentionConfig c = Layers.multiHeadAttention(N, HK).withValueDim(HV).withUseBias(bias)
                .withOutputDim(dOut).withReturnAttentionScores(true).withAttentionAxes(axes);
        MultiHeadAttention layer = assertInstanceOf(MultiHeadAttention.class, c.create("mha"));
        Shape q = Shape.of(qs);
        Shape v = Shape.of(vs);
        layer.buildAll(List.of(q, v), new SplittableRandom(3));
        int out = dOut == 0 ? qs[qs.length - 1] : dOut;
        assertEquals(q.withLast(out), layer.outputShapes().get(0));
        Tensor xq = Tensor.wrap(q.prepend(batch), randomFloats(batch * q.size(), 5, 1.1));
        Tensor xv = Tensor.wrap(v.prepend(batch), randomFloats(batch * v.size(), 6, 1.1));
        List<Integer> resolved = java.util.Arrays.stream(layer.resolvedAttentionAxes()).boxed().toList();
        LayerGradientCheck.check("axes " + axes, layer, List.of(xq, xv), null, Options.RANDOM_PARAMETERS,
                a -> reference(a, prepend(batch, qs), prepend(batch, vs), resolved, bias, out, null, false));
    }

    /** Keras's mask: (mask input or null, batch, other indices, query and key attention indices) to may-attend. */
    @FunctionalInterface
    interface MaskFn {
        boolean allowed(double[] mask, int b, int[] oi, int[] qi, int[] ki);
    }

    static Stream<Arguments> maskedCases() {
        // query, value, axes, causal, mask per-sample shape (null: none), how Keras reads it, Keras 3 zeroing
        MaskFn fullRank2d = (m, b, oi, qi, ki) -> m[(((b * 3 + qi[0]) * 2 + qi[1]) * 3 + ki[0]) * 2 + ki[1]] != 0;
        MaskFn perRow = (m, b, oi, qi, ki) -> m[((b * 3 + oi[0]) * 4 + qi[0]) * 3 + ki[0]] != 0;
        MaskFn perSample = (m, b, oi, qi, ki) -> m[(b * 4 + qi[0]) * 3 + ki[0]] != 0;
        MaskFn causal = (m, b, oi, qi, ki) -> qi[0] >= ki[0];
        MaskFn causalAndRow = (m, b, oi, qi, ki) -> qi[0] >= ki[0] && m[((b * 4 + oi[0]) * 3 + qi[0]) * 3 + ki[0]] != 0;
        return Stream.of(
                Arguments.of(new int[] {3, 2, 4}, new int[] {3, 2, 3}, List.of(1, 2), false, new int[] {3, 2, 3, 2},
                        fullRank2d, true),
                Arguments.of(new int[] {3, 2, 4}, new int[] {3, 2, 3}, List.of(1, 2), false, new int[] {3, 2, 3, 2},
                        fullRank2d, false),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 3, 3}, List.of(2), false, new int[] {3, 4, 3},
                        perRow, true),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 3, 3}, List.of(2), false, new int[] {3, 4, 3},
                        perRow, false),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 3, 3}, List.of(-3), false, new int[] {4, 3},
                        perSample, true),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 4, 3}, List.of(1), true, null, causal, true),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 4, 3}, List.of(1), true, new int[] {4, 3, 3},
                        causalAndRow, false),
                Arguments.of(new int[] {3, 3, 4}, new int[] {3, 3, 3}, List.of(2), true, null, causal, true));
    }

    @ParameterizedTest(name = "query {0} value {1} axes {2} causal {3} mask {4} zero {6}")
    @MethodSource("maskedCases")
    void masksBroadcastAsInKeras(int[] qs, int[] vs, List<Integer> axes, boolean causal, int[] ms, MaskFn fn,
            boolean zero) {
        int batch = 2;
        MultiHeadAttentionConfig c = Layers.multiHeadAttention(N, HK).withValueDim(HV).withReturnAttentionScores(true)
                .withUseCausalMask(causal).withAttentionMaskInput(ms != null).withZeroMaskedWeights(zero)
                .withAttentionAxes(axes);
        MultiHeadAttention layer = (MultiHeadAttention) c.create("mha");
        List<Shape> shapes = new ArrayList<>(List.of(Shape.of(qs), Shape.of(vs)));
        List<Tensor> xs = new ArrayList<>(List.of(
                Tensor.wrap(Shape.of(qs).prepend(batch), randomFloats(batch * Shape.of(qs).size(), 5, 1.1)),
                Tensor.wrap(Shape.of(vs).prepend(batch), randomFloats(batch * Shape.of(vs).size(), 6, 1.1))));
        if (ms != null) {
            shapes.add(Shape.of(ms));
            float[] m = randomFloats(batch * Shape.of(ms).size(), 8, 1.0);
            for (int i = 0; i < m.length; i++) {
                m[i] = m[i] > -0.35f || i % 7 == 0 ? 1f : 0f;
            }
            int keys = 1;
            for (int i = ms.length - axes.size(); i < ms.length; i++) {
                keys *= ms[i];
            }
            java.util.Arrays.fill(m, 0, keys + 1, 0f); // a fully masked position
            xs.add(Tensor.wrap(Shape.of(ms).prepend(batch), m));
        }
        layer.buildAll(shapes, new SplittableRandom(3));
        assertEquals(zero, layer.weightsMaskedAfterSoftmax());
        assertEquals(!zero && layer.resolvedAttentionAxes().length > 1, layer.unnormalizedMaskedWeights());
        List<Integer> resolved = java.util.Arrays.stream(layer.resolvedAttentionAxes()).boxed().toList();
        LayerGradientCheck.check("masked axes " + axes, layer, xs, null, Options.RANDOM_PARAMETERS,
                a -> reference(a, prepend(batch, qs), prepend(batch, vs), resolved, true, qs[qs.length - 1],
                        (b, oi, qi, ki) -> fn.allowed(ms == null ? null : a[a.length - 1], b, oi, qi, ki), zero));
    }

    /** May-attend, given the batch index, the other axes' indices and the query and key attention indices. */
    @FunctionalInterface
    interface Allowed {
        boolean test(int b, int[] oi, int[] qi, int[] ki);
    }

    private static int[] prepend(int b, int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = b;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    /** a = [query, weights..., value(, mask)]; returns [output, scores]. */
    private static List<double[]> reference(double[][] a, int[] qs, int[] vs, List<Integer> axes, boolean bias,
            int dOut, Allowed mask, boolean zero) {
        int rank = qs.length;
        int dq = qs[rank - 1];
        int dv = vs[rank - 1];
        int w = 1;
        double[] value = mask == null ? a[a.length - 1] : a[w + (bias ? 8 : 4)];
        double[] wq = a[w++];
        double[] bq = bias ? a[w++] : new double[N * HK];
        double[] wk = a[w++];
        double[] bk = bias ? a[w++] : new double[N * HK];
        double[] wv = a[w++];
        double[] bv = bias ? a[w++] : new double[N * HV];
        double[] wo = a[w++];
        double[] bo = bias ? a[w] : new double[dOut];
        List<Integer> others = new ArrayList<>();
        for (int ax = 1; ax < rank - 1; ax++) {
            if (!axes.contains(ax)) {
                others.add(ax);
            }
        }
        int[] otherSizes = sizes(qs, others);
        int[] qAttn = sizes(qs, axes);
        int[] vAttn = sizes(vs, axes);
        int nOther = prod(otherSizes);
        int tq = prod(qAttn);
        int tv = prod(vAttn);
        int batch = qs[0];
        double[] y = new double[prod(qs) / dq * dOut];
        double[] scores = new double[batch * nOther * N * tq * tv];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < nOther; o++) {
                int[] oi = unravel(o, otherSizes);
                for (int i = 0; i < tq; i++) {
                    int qPos = position(qs, b, others, oi, axes, unravel(i, qAttn));
                    double[] qp = project(a[0], qPos * dq, dq, wq, bq, N * HK);
                    double[] mix = new double[N * HV];
                    for (int h = 0; h < N; h++) {
                        double[] s = new double[tv];
                        double max = Double.NEGATIVE_INFINITY;
                        double[][] vp = new double[tv][];
                        boolean[] may = new boolean[tv];
                        boolean any = false;
                        for (int j = 0; j < tv; j++) {
                            may[j] = mask == null || mask.test(b, oi, unravel(i, qAttn), unravel(j, vAttn));
                            any |= may[j];
                        }
                        for (int j = 0; j < tv; j++) {
                            int vPos = position(vs, b, others, oi, axes, unravel(j, vAttn));
                            double[] kp = project(value, vPos * dv, dv, wk, bk, N * HK);
                            vp[j] = project(value, vPos * dv, dv, wv, bv, N * HV);
                            for (int e = 0; e < HK; e++) {
                                s[j] += qp[h * HK + e] / Math.sqrt(HK) * kp[h * HK + e];
                            }
                            if (may[j]) {
                                max = Math.max(max, s[j]);
                            }
                        }
                        double sum = 0;
                        for (int j = 0; j < tv; j++) {
                            sum += may[j] ? Math.exp(s[j] - max) : 0;
                        }
                        for (int j = 0; j < tv; j++) {
                            // -1e9 swamps every score of a fully masked position in float32: uniform weights,
                            // zeroed after the softmax by Keras 3; tf-keras's exp(s - logsumexp(s)) over two or more
                            // axes is 1 for each (the log-sum-exp rounds to the swamped scores)
                            double p = !any ? (zero ? 0 : axes.size() > 1 ? 1 : 1.0 / tv)
                                    : may[j] ? Math.exp(s[j] - max) / sum : 0;
                            scores[((((b * nOther) + o) * N + h) * tq + i) * tv + j] = p;
                            for (int e = 0; e < HV; e++) {
                                mix[h * HV + e] += p * vp[j][h * HV + e];
                            }
                        }
                    }
                    for (int f = 0; f < dOut; f++) {
                        double acc = bo[f];
                        for (int he = 0; he < N * HV; he++) {
                            acc += mix[he] * wo[he * dOut + f];
                        }
                        y[qPos * dOut + f] = acc;
                    }
                }
            }
        }
        return List.of(y, scores);
    }

    private static double[] project(double[] x, int off, int in, double[] w, double[] b, int out) {
        double[] r = b.clone();
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < in; c++) {
                r[o] += x[off + c] * w[c * out + o];
            }
        }
        return r;
    }

    /** The row (position without the feature axis) of batch b, other indices oi and attention indices ai. */
    private static int position(int[] shape, int b, List<Integer> others, int[] oi, List<Integer> axes, int[] ai) {
        int[] idx = new int[shape.length - 1];
        idx[0] = b;
        for (int k = 0; k < others.size(); k++) {
            idx[others.get(k)] = oi[k];
        }
        for (int k = 0; k < axes.size(); k++) {
            idx[axes.get(k)] = ai[k];
        }
        int pos = 0;
        for (int d = 0; d < idx.length; d++) {
            pos = pos * shape[d] + idx[d];
        }
        return pos;
    }

    private static int[] sizes(int[] shape, List<Integer> axes) {
        return axes.stream().mapToInt(ax -> shape[ax]).toArray();
    }

    private static int prod(int[] s) {
        int p = 1;
        for (int v : s) {
            p *= v;
        }
        return p;
    }

    private static int[] unravel(int flat, int[] sizes) {
        int[] idx = new int[sizes.length];
        for (int d = sizes.length - 1; d >= 0; d--) {
            idx[d] = flat % sizes[d];
            flat /= sizes[d];
        }
        return idx;
    }

    @Test
    void scoresKeepKerasAxisOrder() {
        Layer layer = Layers.multiHeadAttention(N, HK).withReturnAttentionScores(true).withAttentionAxes(List.of(2))
                .create("mha");
        layer.buildAll(List.of(Shape.of(3, 4, 5), Shape.of(3, 6, 2)), new SplittableRandom(1));
        // [batch, H (a batch axis), heads, W of the query, W of the value]
        assertEquals(List.of(Shape.of(3, 4, 5), Shape.of(3, N, 4, 6)), layer.outputShapes());
    }

    @Test
    void configChecks() {
        // [1] stays [1]: over the height of [batch, H, W, C] it is not the default (every middle axis)
        assertEquals(List.of(1), Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1)).attentionAxes());
        assertEquals(List.of(2, 1), Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2, 1)).attentionAxes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 1)));
        assertEquals("MultiHeadAttention attentionAxes must be distinct axes other than the batch axis 0, got [1, 1]",
                e.getMessage());
        Layer layer = Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 2)).create("mha2d");
        IncompatibleShapeException s = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(4, 5, 2), Shape.of(3, 2)), new SplittableRandom(1)));
        assertEquals("Layer 'mha2d' input 1: expected shape [null, 4, 5, null] (" + layer.inputHint() + ": every input "
                + "of the query's rank, with known features), found shape [null, 3, 2]", s.getMessage());
        Layer heads = Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(-2)).create("on_heads");
        s = assertThrows(IncompatibleShapeException.class,
                () -> heads.buildAll(List.of(Shape.of(4, 5, 2), Shape.of(4, 5, 2)), new SplittableRandom(1)));
        assertEquals("Layer 'on_heads' input 0: expected shape [null, 4, 5, 2] (MultiHeadAttention: attention axis -2 "
                + "is axis 3 of the projected query [batch, A1, A2, heads, keyDim]; attention runs over the middle "
                + "axes 1..2 only), found shape [null, 4, 5, 2]", s.getMessage());
    }

    @Test
    void refusesWhatKerasRefuses() {
        // Keras inserts the causal mask's heads axis at -5 of a rank-3 mask for two attention axes: out of bounds
        Layer twoAxes = Layers.multiHeadAttention(2, 3).withUseCausalMask(true).withAttentionAxes(List.of(1, 2))
                .create("causal2d");
        IncompatibleShapeException s = assertThrows(IncompatibleShapeException.class,
                () -> twoAxes.buildAll(List.of(Shape.of(3, 4, 2), Shape.of(3, 4, 2)), new SplittableRandom(1)));
        assertEquals("Layer 'causal2d' input 2: expected shape [1, 2, 3, 4, 3, 4] (MultiHeadAttention's attention mask "
                + "against the scores [batch, others..., heads, query attention axes..., key attention axes...]: Keras "
                + "inserts the heads axis of a mask of rank 3 at axis -5, out of bounds: it fails on this mask (the "
                + "causal mask is [1, Tq, Tv] over axis 1)), found shape [1, 3, 3]", s.getMessage());
        // the causal mask uses the sizes of axis 1 (3) while attention runs over axis 2 (4): Keras cannot broadcast
        Layer width = Layers.multiHeadAttention(2, 3).withUseCausalMask(true).withAttentionAxes(List.of(2))
                .create("causal_width");
        s = assertThrows(IncompatibleShapeException.class,
                () -> width.buildAll(List.of(Shape.of(3, 4, 2), Shape.of(3, 4, 2)), new SplittableRandom(1)));
        assertEquals("Layer 'causal_width' input 2: expected shape [1, 3, 2, 4, 4] (MultiHeadAttention's attention "
                + "mask against the scores [batch, others..., heads, query attention axes..., key attention axes...]: "
                + "Keras cannot broadcast the mask over the scores (the causal mask is [1, Tq, Tv] with the sizes of "
                + "the query's and value's axis 1)), found shape [1, 1, 1, 3, 3]", s.getMessage());
    }

    @Test
    void refusesKerasTimeStepMasksOnRankFour() {
        Layer layer = Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2)).create("masked");
        layer.buildAll(List.of(Shape.of(3, 4, 2), Shape.of(3, 4, 2)), new SplittableRandom(1));
        Tensor x = Tensor.zeros(Shape.of(1, 3, 4, 2));
        IncompatibleShapeException s = assertThrows(IncompatibleShapeException.class,
                () -> layer.callAll(List.of(x, x), Tensor.zeros(Shape.of(1, 3))));
        assertEquals("Layer 'masked' input 0: expected shape [null, 3, 4, 2] (MultiHeadAttention over axes of inputs "
                + "of rank above 3 takes no Keras time-step masks: tf-keras 2 and Keras 3 broadcast them differently; "
                + "pass an attention mask input), found shape [1, 3]", s.getMessage());
    }

    /** Attention along the height of [batch, H, W, C] with the causal mask: Keras's kernel shapes. */
    @Nested
    class HeightCausalContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1)).withUseCausalMask(true),
                    List.of(Shape.of(4, 3, 5), Shape.of(4, 3, 5)), Shape.of(4, 3, 5),
                    weight("queryKernel", 5, 2, 3), weight("queryBias", 2, 3), weight("keyKernel", 5, 2, 3),
                    weight("keyBias", 2, 3), weight("valueKernel", 5, 2, 3), weight("valueBias", 2, 3),
                    weight("outputKernel", 2, 3, 5), weight("outputBias", 5));
        }
    }

    /** Every middle axis of a rank-5 input (the default) with an attention mask of lower rank. */
    @Nested
    class VolumeMaskedContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiHeadAttention(1, 2).withUseBias(false).withAttentionMaskInput(true),
                    List.of(Shape.of(2, 3, 2, 4), Shape.of(2, 2, 2, 3), Shape.of(2, 3, 2, 2, 2, 2)),
                    Shape.of(2, 3, 2, 4), weight("queryKernel", 4, 1, 2), weight("keyKernel", 3, 1, 2),
                    weight("valueKernel", 3, 1, 2), weight("outputKernel", 1, 2, 4));
        }
    }
}
