package dev.engram.layers;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Shared gradient check for layer tests: runs a built layer's training forward pass, checks every
 * output against an independent double-precision reference, then checks the input gradient and
 * every parameter gradient against central differences (step 1e-6) of the reference objective
 * {@code sum_k <w_k, output_k>} with random weights w, at |analytic - numeric| <= 1e-3·|numeric| + 2e-5.
 */
final class LayerGradientCheck {
    private LayerGradientCheck() {
    }

    /**
     * @param reference maps {@code [x, p_0, p_1, ...]} (doubles, parameters in the layer's order) to
     *                  every output, flat
     * @param inputGrad whether the layer has an input gradient to check (Embedding has none)
     * @param mask      the time-step mask given to the layer, or null
     */
    static void check(String what, Layer layer, Tensor x, Tensor mask, boolean inputGrad,
            Function<double[][], List<double[]>> reference) {
        List<Parameter> ps = layer.parameters();
        long seed = 71;
        for (Parameter p : ps) {
            p.assign(Tensor.wrap(p.shape(), randomFloats(p.shape().size(), seed++, 0.8)));
            p.zeroGrad();
        }
        ForwardPass pass = layer.forward(List.of(x), mask, new TrainingContext(new SplittableRandom(1)));
        List<Tensor> outs = pass.outputs();
        List<Tensor> grads = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            float[] w = randomFloats(outs.get(i).size(), 900 + i, 1.0);
            grads.add(Tensor.wrap(outs.get(i).shape(), w));
            weights.add(toDouble(w));
        }
        Tensor dx = pass.backward(grads);

        double[][] all = new double[ps.size() + 1][];
        all[0] = toDouble(x.buffer());
        for (int i = 0; i < ps.size(); i++) {
            all[i + 1] = toDouble(ps.get(i).data());
        }
        List<double[]> ref = reference.apply(all);
        assertEquals(ref.size(), outs.size(), what + ": output count");
        for (int i = 0; i < outs.size(); i++) {
            assertClose(what + " output " + i, ref.get(i), outs.get(i).buffer(), 1e-5, 1e-6);
        }
        Function<double[][], Double> objective = a -> {
            List<double[]> r = reference.apply(a);
            double v = 0;
            for (int i = 0; i < r.size(); i++) {
                v += dot(weights.get(i), r.get(i));
            }
            return v;
        };
        for (int i = inputGrad ? 0 : 1; i < all.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(all[i], 1e-6, v -> {
                double[][] copy = Arrays.copyOf(all, all.length);
                copy[which] = v;
                return objective.apply(copy);
            });
            float[] analytic = i == 0 ? dx.buffer() : ps.get(i - 1).grad();
            assertClose(what + (i == 0 ? " dx" : " d" + ps.get(i - 1).path()), numeric, analytic, 1e-3, 2e-5);
        }
    }

    /** {@code [B, T, ...]} doubles with the time axis reversed. */
    static double[] reverseTime(double[] v, int batch, int steps) {
        int block = v.length / (batch * steps);
        double[] out = new double[v.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(v, (b * steps + s) * block, out, (b * steps + steps - 1 - s) * block, block);
            }
        }
        return out;
    }
}
