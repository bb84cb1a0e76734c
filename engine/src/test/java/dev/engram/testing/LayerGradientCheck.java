package dev.engram.testing;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a built single-input layer against an independent double-precision reference: the
 * training forward output (rtol 1e-5, atol 1e-5), then the input gradient and every parameter's
 * gradient against central differences (step 1e-6) of {@code sum(w * reference(x, params))} for a
 * random weighting {@code w} (bound 1e-3 * |numeric| + 2e-5).
 */
public final class LayerGradientCheck {

    /** The layer's function in double: input and parameters (model order) to output. */
    @FunctionalInterface
    public interface Reference {
        double[] apply(double[] x, double[][] params);
    }

    private LayerGradientCheck() {
    }

    /** Runs the check; parameters are compared at their values before the forward pass. */
    public static ForwardPass check(String what, Layer layer, Tensor x, Tensor mask, Reference reference) {
        List<Parameter> ps = layer.parameters();
        double[][] params = new double[ps.size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = toDouble(ps.get(i).data());
            ps.get(i).zeroGrad();
        }
        ForwardPass pass = layer.forward(List.of(x), mask, new TrainingContext(new SplittableRandom(1)));
        double[] xd = toDouble(x.buffer());
        assertClose(what + " output", reference.apply(xd, params), pass.output().buffer(), 1e-5, 1e-5);
        double[] w = toDouble(randomFloats(pass.output().size(), 99, 1.0));
        Tensor dx = pass.backward(Tensor.wrap(pass.output().shape(), randomToFloat(w)));
        assertClose(what + " dx", numericGradient(xd, 1e-6, v -> dot(w, reference.apply(v, params))), dx.buffer(),
                1e-3, 2e-5);
        for (int i = 0; i < params.length; i++) {
            final int which = i;
            double[] numeric = numericGradient(params[i], 1e-6, v -> {
                double[][] c = params.clone();
                c[which] = v;
                return dot(w, reference.apply(xd, c));
            });
            assertClose(what + " d" + ps.get(i).name(), numeric, ps.get(i).grad(), 1e-3, 2e-5);
        }
        return pass;
    }

    private static float[] randomToFloat(double[] w) {
        float[] f = new float[w.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) w[i];
        }
        return f;
    }

    /** Sets every parameter of a built layer to deterministic values in [-scale, scale] (+ offset). */
    public static void randomize(Layer layer, long seed, double scale, double offset) {
        List<Parameter> ps = layer.parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            float[] v = randomFloats(p.shape().size(), seed + i, scale);
            for (int k = 0; k < v.length; k++) {
                v[k] += (float) offset;
            }
            p.assign(Tensor.wrap(p.shape(), v));
        }
    }
}
