package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attention (dot and concat scores, with and without scale) and AdditiveAttention: every output and
 * the gradients of query, value, key and weights against a double reference written from Keras's
 * {@code BaseDenseAttention}, with query and value masks, the causal mask, the scores output, and
 * dropout in training; masks reaching the layer through a functional model.
 */
class AttentionTest {
    private static final int B = 2;
    private static final int TQ = 3;
    private static final int TV = 4;
    private static final int D = 3;
    private static final int DV = 2;

    /** Keras's computation in double: returns [output, weights]. */
    static double[][] reference(double[] q, double[] v, double[] k, float[] qMask, float[] vMask, boolean causal,
            String mode, double[][] params) {
        int dv = v.length / (B * TV);
        double[] s = new double[B * TQ * TV];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < TQ; i++) {
                for (int j = 0; j < TV; j++) {
                    double acc = 0;
                    for (int e = 0; e < D; e++) {
                        double qe = q[(b * TQ + i) * D + e];
                        double ke = k[(b * TV + j) * D + e];
                        switch (mode) {
                            case "dot" -> acc += qe * ke;
                            case "dot-scaled" -> acc += params[0][0] * qe * ke;
                            case "concat" -> acc += params[0][0] * Math.tanh(qe + ke);
                            case "concat-scaled" -> acc += params[1][0] * Math.tanh(params[0][0] * (qe + ke));
                            case "additive" -> acc += params[0][e] * Math.tanh(qe + ke);
                            default -> acc += Math.tanh(qe + ke);
                        }
                    }
                    boolean masked = causal && j > i || vMask != null && vMask[b * TV + j] == 0;
                    s[(b * TQ + i) * TV + j] = acc - (masked ? 1e9 : 0);
                }
            }
        }
        double[] w = new double[s.length];
        double[] out = new double[B * TQ * dv];
        for (int r = 0; r < B * TQ; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < TV; j++) {
                max = Math.max(max, s[r * TV + j]);
            }
            double sum = 0;
            for (int j = 0; j < TV; j++) {
                sum += Math.exp(s[r * TV + j] - max);
            }
            for (int j = 0; j < TV; j++) {
                w[r * TV + j] = Math.exp(s[r * TV + j] - max) / sum;
            }
            int b = r / TQ;
            boolean keep = qMask == null || qMask[r] != 0;
            for (int c = 0; c < dv; c++) {
                double acc = 0;
                for (int j = 0; j < TV; j++) {
                    acc += w[r * TV + j] * v[(b * TV + j) * dv + c];
                }
                out[r * dv + c] = keep ? acc : 0;
            }
        }
        return new double[][] {out, w};
    }

    private static LayerConfig config(String mode, boolean causal, boolean scores) {
        return switch (mode) {
            case "dot", "dot-scaled" -> Layers.attention().withUseScale(mode.endsWith("scaled"))
                    .withUseCausalMask(causal).withReturnAttentionScores(scores);
            case "concat", "concat-scaled" -> Layers.attention().withScoreMode(AttentionScoreMode.CONCAT)
                    .withUseScale(mode.endsWith("scaled")).withUseCausalMask(causal).withReturnAttentionScores(scores);
            case "additive" -> Layers.additiveAttention().withUseCausalMask(causal).withReturnAttentionScores(scores);
            default -> Layers.additiveAttention().withUseScale(false).withUseCausalMask(causal)
                    .withReturnAttentionScores(scores);
        };
    }

    @ParameterizedTest(name = "{0} key={1} masks={2} causal={3} scores={4}")
    @CsvSource({
        "dot, false, false, false, false", "dot-scaled, true, true, false, true", "dot, false, true, true, false",
        "concat, true, false, true, true", "concat-scaled, false, true, false, false",
        "additive, true, true, false, true", "additive, false, false, true, false",
        "additive-unscaled, true, true, true, true"})
    void matchesKerasAndItsGradients(String mode, boolean withKey, boolean masks, boolean causal, boolean scores) {
        Layer layer = config(mode, causal, scores).create("att");
        int dv = withKey ? DV : D; // without a key the value is the key
        List<Shape> shapes = new ArrayList<>(List.of(Shape.of(TQ, D), Shape.of(TV, dv)));
        if (withKey) {
            shapes.add(Shape.of(TV, D));
        }
        layer.buildAll(shapes, new SplittableRandom(2));
        long seed = 40;
        for (Parameter p : layer.parameters()) {
            float[] init = randomFloats(p.shape().size(), seed++, 0.6);
            for (int i = 0; i < init.length; i++) {
                init[i] += 0.8f;
            }
            p.assign(Tensor.wrap(p.shape(), init));
            p.zeroGrad();
        }
        List<Tensor> in = new ArrayList<>();
        in.add(Tensor.wrap(Shape.of(B, TQ, D), randomFloats(B * TQ * D, 1, 1.0)));
        in.add(Tensor.wrap(Shape.of(B, TV, dv), randomFloats(B * TV * dv, 2, 1.0)));
        if (withKey) {
            in.add(Tensor.wrap(Shape.of(B, TV, D), randomFloats(B * TV * D, 3, 1.0)));
        }
        float[] qMask = masks ? new float[] {1, 1, 0, 1, 0, 1} : null;
        float[] vMask = masks ? new float[] {1, 0, 1, 1, 1, 1, 1, 0} : null;
        List<Tensor> maskList = Arrays.asList(masks ? Tensor.wrap(Shape.of(B, TQ), qMask) : null,
                masks ? Tensor.wrap(Shape.of(B, TV), vMask) : null);
        ForwardPass pass = layer.forwardMasked(in, maskList, new TrainingContext(new SplittableRandom(1)));
        assertEquals(scores ? 2 : 1, pass.outputs().size());

        List<Parameter> ps = layer.parameters();
        double[][] all = new double[in.size() + ps.size()][];
        for (int i = 0; i < in.size(); i++) {
            all[i] = toDouble(in.get(i).buffer());
        }
        for (int i = 0; i < ps.size(); i++) {
            all[in.size() + i] = toDouble(ps.get(i).data());
        }
        int nIn = in.size();
        java.util.function.Function<double[][], double[][]> ref = a -> reference(a[0], a[1], nIn > 2 ? a[2] : a[1],
                qMask, vMask, causal, mode, Arrays.copyOfRange(a, nIn, a.length));
        double[][] expected = ref.apply(all);
        assertClose("output", expected[0], pass.outputs().get(0).buffer(), 1e-5, 1e-6);
        if (scores) {
            assertClose("scores", expected[1], pass.outputs().get(1).buffer(), 1e-5, 1e-6);
        }
        double[] w0 = toDouble(randomFloats(expected[0].length, 90, 1));
        double[] w1 = toDouble(randomFloats(expected[1].length, 91, 1));
        List<Tensor> grads = new ArrayList<>();
        grads.add(Tensor.wrap(pass.outputs().get(0).shape(), toFloat(w0)));
        if (scores) {
            grads.add(Tensor.wrap(pass.outputs().get(1).shape(), toFloat(w1)));
        }
        List<Tensor> dIn = pass.backwardAll(grads);
        for (int i = 0; i < all.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(all[i], 1e-6, x -> {
                double[][] c = all.clone();
                c[which] = x;
                double[][] r = ref.apply(c);
                return dot(w0, r[0]) + (scores ? dot(w1, r[1]) : 0);
            });
            float[] analytic = i < nIn ? dIn.get(i).buffer() : ps.get(i - nIn).grad();
            assertClose(mode + " grad " + i, numeric, analytic, 1e-3, 2e-5);
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void dropoutScalesKeptWeightsInTrainingOnly() {
        Layer layer = Layers.attention().withDropout(0.5).withSeed(3).withReturnAttentionScores(true).create("a");
        layer.buildAll(List.of(Shape.of(TQ, D), Shape.of(TV, D)), new SplittableRandom(1));
        List<Tensor> in = List.of(Tensor.wrap(Shape.of(B, TQ, D), randomFloats(B * TQ * D, 1, 1)),
                Tensor.wrap(Shape.of(B, TV, D), randomFloats(B * TV * D, 2, 1)));
        float[] inference = layer.callAll(in, null).get(1).buffer();
        float[] trained = layer.forward(in, null, new TrainingContext(new SplittableRandom(1))).outputs().get(1)
                .buffer();
        int zeros = 0;
        for (int i = 0; i < trained.length; i++) {
            assertTrue(trained[i] == 0 || Math.abs(trained[i] - 2 * inference[i]) < 1e-6);
            zeros += trained[i] == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < trained.length, "some weights dropped: " + zeros);
    }

    @Test
    void aFunctionalModelGivesTheLayerTheQueryAndValueMasks() {
        ModelBuilder mb = new ModelBuilder("masked_attention");
        SymbolicTensor q = mb.input("q", TQ, D);
        SymbolicTensor v = mb.input("v", TV, D);
        SymbolicTensor qm = mb.apply(Layers.masking(0), q);
        SymbolicTensor vm = mb.apply(Layers.masking(0), v);
        SymbolicTensor out = mb.apply(Layers.attention(), qm, vm);
        Model model = mb.build(List.of(q, v), List.of(out));
        float[] qv = randomFloats(B * TQ * D, 5, 1);
        float[] vv = randomFloats(B * TV * D, 6, 1);
        Arrays.fill(qv, D, 2 * D, 0f); // query step 1 of sample 0 masked
        Arrays.fill(vv, 3 * D, 4 * D, 0f); // value step 3 of sample 0 masked
        float[] qMask = {1, 0, 1, 1, 1, 1};
        float[] vMask = {1, 1, 1, 0, 1, 1, 1, 1};
        Tensor y = model.predict(List.of(Tensor.wrap(Shape.of(B, TQ, D), qv), Tensor.wrap(Shape.of(B, TV, D), vv)))
                .get(0);
        double[] expected = new double[B * TQ * D];
        // value dim == D here: reuse the reference with DV = D through a direct loop
        double[] s = new double[TV];
        for (int r = 0; r < B * TQ; r++) {
            int b = r / TQ;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < TV; j++) {
                double acc = 0;
                for (int e = 0; e < D; e++) {
                    acc += qv[r * D + e] * vv[(b * TV + j) * D + e];
                }
                s[j] = acc - (vMask[b * TV + j] == 0 ? 1e9 : 0);
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < TV; j++) {
                sum += Math.exp(s[j] - max);
            }
            for (int c = 0; c < D; c++) {
                double acc = 0;
                for (int j = 0; j < TV; j++) {
                    acc += Math.exp(s[j] - max) / sum * vv[(b * TV + j) * D + c];
                }
                expected[r * D + c] = qMask[r] == 0 ? 0 : acc;
            }
        }
        assertClose("masked functional attention", expected, y.buffer(), 1e-5, 1e-6);
    }

    @Test
    void shapeErrorsNameTheInput() {
        Layer layer = Layers.attention().create("att");
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class,
                () -> layer.buildAll(List.of(Shape.of(3, 4), Shape.of(5, 2)), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("key's features must equal the query's"), e.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Layers.attention().create("a").buildAll(List.of(Shape.of(3, 4)), new SplittableRandom(1)));
        assertTrue(one.getMessage().contains("[query, value]"), one.getMessage());
        Layer ok = Layers.additiveAttention().create("ok");
        ok.buildAll(List.of(Shape.of(3, 4), Shape.of(5, 4)), new SplittableRandom(1));
        assertEquals(List.of(Shape.of(3, 4)), ok.outputShapes());
        Tensor qm = Tensor.filled(Shape.of(1, 3), 1);
        assertSame(qm, ok.computeMask(List.of(Tensor.zeros(Shape.of(1, 3, 4)), Tensor.zeros(Shape.of(1, 5, 4))), qm));
    }
}
