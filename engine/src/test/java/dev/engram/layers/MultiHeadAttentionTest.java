package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MultiHeadAttention against a double-precision reference written from Keras's
 * {@code MultiHeadAttention} (EinsumDense projections, query scaled by 1/sqrt(keyDim), masked scores
 * plus -1e9, softmax over the key steps, output projection): outputs, scores and finite-difference
 * gradients of every input and weight, with and without a separate key, biases, causal mask, attention
 * mask input, query and value masks, and Keras 3's zeroing of masked weights; dropout in training.
 */
class MultiHeadAttentionTest {
    private static final int B = 2;
    private static final int TQ = 3;
    private static final int TV = 4;
    private static final int DQ = 4;
    private static final int DV = 3;
    private static final int DK = 5;
    private static final int N = 2;
    private static final int HK = 3;
    private static final int HV = 2;

    /** Inputs of one reference call. */
    record Call(double[] q, double[] v, double[] k, int dk, double[] attention, float[] qMask, float[] vMask,
            boolean causal, boolean zero, int dOut) {
    }

    /** Keras's computation in double; params in layer order (kernels and, when biased, biases). Returns [out, scores]. */
    static double[][] reference(Call c, double[][] w, boolean bias) {
        double[] wq = w[0];
        double[] bq = bias ? w[1] : new double[N * HK];
        double[] wk = w[bias ? 2 : 1];
        double[] bk = bias ? w[3] : new double[N * HK];
        double[] wv = w[bias ? 4 : 2];
        double[] bv = bias ? w[5] : new double[N * HV];
        double[] wo = w[bias ? 6 : 3];
        double[] bo = bias ? w[7] : new double[c.dOut()];
        double[] q = proj(c.q(), B * TQ, DQ, wq, bq, N * HK);
        double[] k = proj(c.k(), B * TV, c.dk(), wk, bk, N * HK);
        double[] v = proj(c.v(), B * TV, DV, wv, bv, N * HV);
        double[] scores = new double[B * N * TQ * TV];
        double[] heads = new double[B * TQ * N * HV];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < N; h++) {
                for (int i = 0; i < TQ; i++) {
                    double[] s = new double[TV];
                    boolean[] ok = new boolean[TV];
                    boolean any = false;
                    for (int j = 0; j < TV; j++) {
                        double acc = 0;
                        for (int e = 0; e < HK; e++) {
                            acc += q[(b * TQ + i) * N * HK + h * HK + e] / Math.sqrt(HK) * k[(b * TV + j) * N * HK + h * HK + e];
                        }
                        ok[j] = (c.qMask() == null || c.qMask()[b * TQ + i] != 0) && (c.vMask() == null
                                || c.vMask()[b * TV + j] != 0) && (!c.causal() || j <= i)
                                && (c.attention() == null || c.attention()[(b * TQ + i) * TV + j] != 0);
                        any |= ok[j];
                        s[j] = acc;
                    }
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < TV; j++) {
                        // a fully masked row: -1e9 swamps the scores in float32, so every weight is equal
                        s[j] = ok[j] ? s[j] : any ? s[j] - 1e9 : -1e9;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < TV; j++) {
                        sum += Math.exp(s[j] - max);
                    }
                    for (int j = 0; j < TV; j++) {
                        double p = Math.exp(s[j] - max) / sum;
                        scores[((b * N + h) * TQ + i) * TV + j] = c.zero() && !ok[j] ? 0 : p;
                    }
                    for (int e = 0; e < HV; e++) {
                        double acc = 0;
                        for (int j = 0; j < TV; j++) {
                            acc += scores[((b * N + h) * TQ + i) * TV + j] * v[(b * TV + j) * N * HV + h * HV + e];
                        }
                        heads[(b * TQ + i) * N * HV + h * HV + e] = acc;
                    }
                }
            }
        }
        return new double[][] {proj(heads, B * TQ, N * HV, wo, bo, c.dOut()), scores};
    }

    private static double[] proj(double[] x, int rows, int in, double[] w, double[] b, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = b[o];
                for (int i = 0; i < in; i++) {
                    acc += x[r * in + i] * w[i * out + o];
                }
                y[r * out + o] = acc;
            }
        }
        return y;
    }

    private static Tensor input(long seed, int... shape) {
        return Tensor.wrap(Shape.of(shape), randomFloats(Shape.of(shape).size(), seed, 1.0));
    }

    private static Tensor attentionMask() {
        float[] m = new float[B * TQ * TV];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % 3 == 1 ? 0 : 1;
        }
        m[4] = m[5] = m[6] = m[7] = 0; // sample 0, query step 1 attends to nothing
        return Tensor.wrap(Shape.of(B, TQ, TV), m);
    }

    @ParameterizedTest(name = "key={0} bias={1} causal={2} maskInput={3} queryMask={4} scores={5} outputDim={6}")
    @CsvSource({
        "false, true, false, false, false, false, 0", "true, true, true, false, false, true, 0",
        "true, false, false, true, false, true, 6", "false, true, true, true, true, false, 0",
        "true, true, false, false, true, true, 2"})
    void matchesKerasAndItsGradients(boolean withKey, boolean bias, boolean causal, boolean maskInput,
            boolean queryMask, boolean scores, int outputDim) {
        MultiHeadAttentionConfig config = Layers.multiHeadAttention(N, HK).withValueDim(HV).withUseBias(bias)
                .withOutputDim(outputDim).withUseCausalMask(causal).withAttentionMaskInput(maskInput)
                .withReturnAttentionScores(scores);
        List<Tensor> in = new ArrayList<>(List.of(input(1, B, TQ, DQ), input(2, B, TV, DV)));
        if (withKey) {
            in.add(input(3, B, TV, DK));
        }
        if (maskInput) {
            in.add(attentionMask());
        }
        Layer layer = config.create("mha");
        List<Shape> shapes = new ArrayList<>();
        in.forEach(t -> shapes.add(t.shape().dropFirst()));
        layer.buildAll(shapes, new SplittableRandom(3));
        Tensor qMask = queryMask ? Tensor.of(new float[][] {{1, 1, 0}, {1, 0, 0}}) : null;
        int params = layer.parameters().size();
        int dOut = outputDim == 0 ? DQ : outputDim;
        // the zeroing of masked weights happens when scores are returned: checked by the reference too
        boolean zero = config.masksWeightsAfterSoftmax();
        LayerGradientCheck.check("mha", layer, in, qMask, Options.RANDOM_PARAMETERS.withOutputTolerance(1e-5, 2e-6), a -> {
            double[][] w = Arrays.copyOfRange(a, 1, 1 + params);
            double[] k = withKey ? a[params + 2] : a[params + 1];
            Call c = new Call(a[0], a[params + 1], k, withKey ? DK : DV, maskInput ? a[a.length - 1] : null,
                    qMask == null ? null : qMask.buffer(), null, causal, zero, dOut);
            double[][] r = reference(c, w, bias);
            return scores ? List.of(r[0], r[1]) : List.of(r[0]);
        });
    }

    @ParameterizedTest(name = "keras3 zeroing={0}")
    @CsvSource({"true", "false"})
    void valueMaskAndFullyMaskedRowsFollowTheDialect(boolean zero) {
        MultiHeadAttentionConfig config = Layers.multiHeadAttention(N, HK).withValueDim(HV)
                .withReturnAttentionScores(true).withZeroMaskedWeights(zero);
        Layer layer = config.create("mha");
        layer.buildAll(List.of(Shape.of(TQ, DQ), Shape.of(TV, DV)), new SplittableRandom(4));
        LayerGradientCheck.randomize(layer, 9, 0.7, 0);
        List<Tensor> in = List.of(input(5, B, TQ, DQ), input(6, B, TV, DV));
        Tensor qMask = Tensor.of(new float[][] {{1, 0, 1}, {1, 1, 1}});
        Tensor vMask = Tensor.of(new float[][] {{1, 1, 0, 0}, {0, 0, 0, 0}});
        List<Tensor> got = layer.callAllMasked(in, Arrays.asList(qMask, vMask));
        double[][] w = layer.parameters().stream().map(p -> toDouble(p.data())).toArray(double[][]::new);
        double[][] want = reference(new Call(toDouble(in.get(0).buffer()), toDouble(in.get(1).buffer()),
                toDouble(in.get(1).buffer()), DV, null, qMask.buffer(), vMask.buffer(), false, zero, DQ), w, true);
        assertClose("output", want[0], got.get(0).buffer(), 1e-5, 2e-6);
        assertClose("scores", want[1], got.get(1).buffer(), 1e-5, 2e-6);
        // sample 1 has every value step masked: zero weights (Keras 3 unfused) or uniform ones (tf-keras)
        assertEquals(zero ? 0f : 0.25f, got.get(1).buffer()[N * TQ * TV], 1e-6f);
        assertEquals(qMask, layer.computeMask(in, qMask), "the output mask is the query's");
    }

    @Test
    void dropoutActsInTrainingOnlyAndItsGradientMatchesFiniteDifferences() {
        MultiHeadAttentionConfig config = Layers.multiHeadAttention(N, HK).withDropout(0.5);
        Layer layer = config.create("mha");
        layer.buildAll(List.of(Shape.of(TQ, DQ), Shape.of(TV, DV)), new SplittableRandom(4));
        List<Tensor> in = List.of(input(5, B, TQ, DQ), input(6, B, TV, DV));
        Tensor inference = layer.callAll(in, null).get(0);
        assertNotEquals(inference, train(layer, in), "dropout changes the training output");
        assertEquals(inference, layer.callAll(in, null).get(0), "inference is deterministic");
        // the same training seed draws the same dropout mask: central differences of <c, y> in the query
        float[] c = randomFloats(inference.size(), 8, 1.0);
        ForwardPass pass = layer.forward(in, null, new TrainingContext(new SplittableRandom(5)));
        float[] dq = pass.backwardAll(List.of(Tensor.wrap(inference.shape(), c))).get(0).buffer();
        for (int i = 0; i < in.get(0).size(); i += 5) {
            double[] f = new double[2];
            for (int s = 0; s < 2; s++) {
                float[] x = in.get(0).toArray();
                x[i] += s == 0 ? 1e-2f : -1e-2f;
                float[] y = train(layer, List.of(Tensor.wrap(in.get(0).shape(), x), in.get(1))).buffer();
                for (int j = 0; j < y.length; j++) {
                    f[s] += (double) c[j] * y[j];
                }
            }
            assertEquals((f[0] - f[1]) / 2e-2, dq[i], 2e-3, "d query[" + i + "]");
        }
    }

    private static Tensor train(Layer layer, List<Tensor> in) {
        return layer.forward(in, null, new TrainingContext(new SplittableRandom(5))).output();
    }

    @Test
    void refusesInputsItCannotAttendOver() {
        Layer layer = Layers.multiHeadAttention(2, 3).create("mha_x");
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(3, 4, 2), Shape.of(5, 2)), new SplittableRandom(1)));
        // a rank-4 query is attended over every middle axis (Keras's default): the rank-3 value is what is refused
        assertTrue(e.getMessage().startsWith("Layer 'mha_x' input 1: expected shape"), e.getMessage());
        e = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(4), Shape.of(5, 2)), new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("Layer 'mha_x' input 0: expected shape"), e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> Layers.multiHeadAttention(0, 3));
        assertEquals("MultiHeadAttention numHeads, keyDim and valueDim must be > 0, got 0, 3, 3", n.getMessage());
    }

    /** Self-attention [5, 4] with 2 heads of 3: weights in Keras order. */
    @Nested
    class SelfAttentionContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiHeadAttention(2, 3), List.of(Shape.of(5, 4), Shape.of(5, 4)), Shape.of(5, 4),
                    weight("queryKernel", 4, 2, 3), weight("queryBias", 2, 3), weight("keyKernel", 4, 2, 3),
                    weight("keyBias", 2, 3), weight("valueKernel", 4, 2, 3), weight("valueBias", 2, 3),
                    weight("outputKernel", 2, 3, 4), weight("outputBias", 4));
        }
    }

    /** Cross-attention with a key, no biases, value size 2 and 6 output features. */
    @Nested
    class CrossAttentionContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiHeadAttention(3, 2).withValueDim(2).withUseBias(false).withOutputDim(6),
                    List.of(Shape.of(3, 4), Shape.of(5, 2), Shape.of(5, 3)), Shape.of(3, 6),
                    weight("queryKernel", 4, 3, 2), weight("keyKernel", 3, 3, 2), weight("valueKernel", 2, 3, 2),
                    weight("outputKernel", 3, 2, 6));
        }
    }
}
