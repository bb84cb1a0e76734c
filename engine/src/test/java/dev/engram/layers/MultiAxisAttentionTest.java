package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MultiHeadAttention with {@code attentionAxes} other than the time axis, against a double-precision
 * reference written from Keras's einsum formulation with explicit multi-indices (not through the
 * layer's transpose and view): projections over the last axis, scores {@code [batch, other axes...,
 * heads, query attention axes..., key attention axes...]}, softmax jointly over every key attention axis,
 * output at each query position. Outputs, scores and finite-difference gradients of the inputs and all
 * eight weights, for 2-D attention over {@code [batch, H, W, C]} (query and value of different sizes, with
 * and without biases), attention over the width only (the height a batch axis), a rank-5 input attending
 * over two of its three middle axes; config checks.
 */
class MultiAxisAttentionTest {
    private static final int N = 2;
    private static final int HK = 3;
    private static final int HV = 2;

    static Stream<Arguments> cases() {
        // query per-sample shape, value per-sample shape, axes, bias, output size (0: the query's features)
        return Stream.of(
                Arguments.of(new int[] {3, 2, 4}, new int[] {2, 3, 3}, List.of(1, 2), true, 0),
                Arguments.of(new int[] {3, 4, 4}, new int[] {3, 2, 3}, List.of(2), true, 5),
                Arguments.of(new int[] {3, 2, 4}, new int[] {1, 4, 3}, List.of(1, 2), false, 3),
                Arguments.of(new int[] {2, 2, 3, 3}, new int[] {3, 2, 2, 2}, List.of(1, 3), true, 0));
    }

    @ParameterizedTest(name = "query {0} value {1} axes {2} bias {3} out {4}")
    @MethodSource("cases")
    void matchesKerasEinsumAttention(int[] qs, int[] vs, List<Integer> axes, boolean bias, int dOut) {
        int batch = 2;
        MultiHeadAttentionConfig c = Layers.multiHeadAttention(N, HK).withValueDim(HV).withUseBias(bias)
                .withOutputDim(dOut).withReturnAttentionScores(true).withAttentionAxes(axes);
        Layer layer = c.create("mha");
        assertInstanceOf(MultiAxisAttention.class, layer);
        Shape q = Shape.of(qs);
        Shape v = Shape.of(vs);
        layer.buildAll(List.of(q, v), new SplittableRandom(3));
        int out = dOut == 0 ? qs[qs.length - 1] : dOut;
        assertEquals(q.withLast(out), layer.outputShapes().get(0));
        Tensor xq = Tensor.wrap(q.prepend(batch), randomFloats(batch * q.size(), 5, 1.1));
        Tensor xv = Tensor.wrap(v.prepend(batch), randomFloats(batch * v.size(), 6, 1.1));
        LayerGradientCheck.check("axes " + axes, layer, List.of(xq, xv), null, Options.RANDOM_PARAMETERS,
                a -> reference(a, prepend(batch, qs), prepend(batch, vs), axes, bias, out));
    }

    private static int[] prepend(int b, int[] s) {
        int[] r = new int[s.length + 1];
        r[0] = b;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }

    /** a = [query, weights..., value]; returns [output, scores]. */
    private static List<double[]> reference(double[][] a, int[] qs, int[] vs, List<Integer> axes, boolean bias,
            int dOut) {
        int rank = qs.length;
        int dq = qs[rank - 1];
        int dv = vs[rank - 1];
        int w = 1;
        double[] value = a[a.length - 1];
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
                        for (int j = 0; j < tv; j++) {
                            int vPos = position(vs, b, others, oi, axes, unravel(j, vAttn));
                            double[] kp = project(value, vPos * dv, dv, wk, bk, N * HK);
                            vp[j] = project(value, vPos * dv, dv, wv, bv, N * HV);
                            for (int e = 0; e < HK; e++) {
                                s[j] += qp[h * HK + e] / Math.sqrt(HK) * kp[h * HK + e];
                            }
                            max = Math.max(max, s[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < tv; j++) {
                            sum += Math.exp(s[j] - max);
                        }
                        for (int j = 0; j < tv; j++) {
                            double p = Math.exp(s[j] - max) / sum;
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
        assertEquals(null, Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1)).attentionAxes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2, 1)));
        assertEquals("MultiHeadAttention attentionAxes must be ascending axes >= 1 (after the batch axis), got [2, 1]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Layers.multiHeadAttention(2, 3).withUseCausalMask(true).withAttentionAxes(List.of(1, 2)));
        assertEquals("MultiHeadAttention over attentionAxes [1, 2] takes no causal mask or attention-mask input in "
                + "Engram", e.getMessage());
        Layer layer = Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 2)).create("mha2d");
        IncompatibleShapeException s = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(4, 5, 2), Shape.of(3, 2)), new SplittableRandom(1)));
        assertEquals("Layer 'mha2d' input 1: expected shape [null, 4, 5, null] (" + layer.inputHint() + ": every input "
                + "of the query's rank, with known features), found shape [null, 3, 2]", s.getMessage());
    }
}
