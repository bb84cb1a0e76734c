package dev.engram.testing;

import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The gradient check of every layer test: runs a built layer's training forward pass, checks every
 * output against an independent double-precision reference, then checks the input gradient and
 * every parameter's gradient against central differences (step 1e-6) of the reference objective
 * {@code sum_k <w_k, output_k>} for random cotangents {@code w_k}, at
 * {@code |analytic - numeric| <= 1e-3 * |numeric| + 2e-5}. What varies between layers is an
 * {@link Options} value, not a second checker.
 */
public final class LayerGradientCheck {

    /**
     * How a check runs.
     *
     * @param outputRtol      relative tolerance of the forward outputs against the reference
     * @param outputAtol      absolute tolerance of the forward outputs
     * @param inputGradient   whether the layer has an input gradient to check (Embedding's ids have none)
     * @param parameterSeed   when non-null, every parameter is first set to deterministic values in
     *                        {@code [-parameterScale, parameterScale]} (seed, seed+1, ... per parameter);
     *                        when null the built (or caller-set) values are checked
     * @param parameterScale  the bound of those values
     * @param cotangentSeed   the seed of output {@code k}'s random cotangent is {@code cotangentSeed + k}
     * @param trainingSeed    the seed of the training forward pass's random source (dropout masks)
     */
    public record Options(double outputRtol, double outputAtol, boolean inputGradient, Long parameterSeed,
            double parameterScale, long cotangentSeed, long trainingSeed) {

        /** The parameters as the caller left them; outputs to rtol 1e-5, atol 1e-5. */
        public static final Options AS_BUILT = new Options(1e-5, 1e-5, true, null, 0, 99, 1);

        /** Every parameter redrawn in [-0.8, 0.8] (seed 71); outputs to rtol 1e-5, atol 1e-6. */
        public static final Options RANDOM_PARAMETERS = randomParameters(71, 0.8);

        /** Every parameter redrawn in [-scale, scale] from {@code seed}; outputs to rtol 1e-5, atol 1e-6. */
        public static Options randomParameters(long seed, double scale) {
            return new Options(1e-5, 1e-6, true, seed, scale, 900, 1);
        }

        /** These options with other forward-output tolerances. */
        public Options withOutputTolerance(double rtol, double atol) {
            return new Options(rtol, atol, inputGradient, parameterSeed, parameterScale, cotangentSeed, trainingSeed);
        }

        /** These options with output {@code k}'s cotangent drawn from {@code seed + k}. */
        public Options withCotangentSeed(long seed) {
            return new Options(outputRtol, outputAtol, inputGradient, parameterSeed, parameterScale, seed,
                    trainingSeed);
        }

        /** These options with the training forward pass's random source seeded with {@code seed}. */
        public Options withTrainingSeed(long seed) {
            return new Options(outputRtol, outputAtol, inputGradient, parameterSeed, parameterScale, cotangentSeed,
                    seed);
        }

        /** The same check without the input gradient (integer-valued inputs such as ids). */
        public Options withoutInputGradient() {
            return new Options(outputRtol, outputAtol, false, parameterSeed, parameterScale, cotangentSeed,
                    trainingSeed);
        }
    }

    /** A single-output layer's function in double: input and parameters (model order) to the flat output. */
    @FunctionalInterface
    public interface Reference {
        double[] apply(double[] x, double[][] params);
    }

    /**
     * A layer's function in double: {@code [x_0, p_0, p_1, ..., x_1, x_2, ...]} (the first input, the
     * parameters in the layer's order, then any further inputs such as initial states) to every output, flat.
     */
    @FunctionalInterface
    public interface MultiReference {
        List<double[]> apply(double[][] inputAndParams);
    }

    private LayerGradientCheck() {
    }

    /** Checks a single-output layer with {@link Options#AS_BUILT}. */
    public static ForwardPass check(String what, Layer layer, Tensor x, Tensor mask, Reference reference) {
        return check(what, layer, x, mask, Options.AS_BUILT,
                a -> List.of(reference.apply(a[0], Arrays.copyOfRange(a, 1, a.length))));
    }

    /**
     * Runs the check.
     *
     * @param what      names the check in failure messages
     * @param layer     a built layer
     * @param x         the input
     * @param mask      the time-step mask given to the layer, or null
     * @param options   tolerances, parameter values and which gradients to check
     * @param reference the layer's outputs in double
     * @return the training forward pass (for further checks of the caller)
     */
    public static ForwardPass check(String what, Layer layer, Tensor x, Tensor mask, Options options,
            MultiReference reference) {
        return check(what, layer, List.of(x), mask, options, reference);
    }

    /**
     * Runs the check on a layer with several inputs (initial states, merge operands); every input's
     * gradient is checked, the first one only when {@link Options#inputGradient()}.
     *
     * @param inputs the inputs, in the layer's order
     * @see #check(String, Layer, Tensor, Tensor, Options, MultiReference)
     */
    public static ForwardPass check(String what, Layer layer, List<Tensor> inputs, Tensor mask, Options options,
            MultiReference reference) {
        List<Parameter> ps = layer.parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            if (options.parameterSeed() != null) {
                p.assign(Tensor.wrap(p.shape(),
                        randomFloats(p.shape().size(), options.parameterSeed() + i, options.parameterScale())));
            }
            p.zeroGrad();
        }
        int n = ps.size() + inputs.size();
        double[][] all = new double[n][];
        String[] names = new String[n];
        all[0] = toDouble(inputs.get(0).buffer());
        names[0] = "dx";
        for (int i = 0; i < ps.size(); i++) {
            all[i + 1] = toDouble(ps.get(i).data());
            names[i + 1] = "d" + ps.get(i).path();
        }
        for (int i = 1; i < inputs.size(); i++) {
            all[ps.size() + i] = toDouble(inputs.get(i).buffer());
            names[ps.size() + i] = "d(input " + i + ")";
        }
        ForwardPass pass = layer.forward(inputs, mask,
                new TrainingContext(new SplittableRandom(options.trainingSeed())));
        List<Tensor> outs = pass.outputs();
        List<Tensor> cotangents = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            float[] w = randomFloats(outs.get(i).size(), options.cotangentSeed() + i, 1.0);
            cotangents.add(Tensor.wrap(outs.get(i).shape(), w));
            weights.add(toDouble(w));
        }
        List<double[]> expected = reference.apply(all);
        assertEquals(expected.size(), outs.size(), what + ": output count");
        for (int i = 0; i < outs.size(); i++) {
            assertClose(what + (outs.size() > 1 ? " output " + i : " output"), expected.get(i), outs.get(i).buffer(),
                    options.outputRtol(), options.outputAtol());
        }
        List<Tensor> dInputs = pass.backwardAll(cotangents);
        assertEquals(inputs.size(), dInputs.size(), what + ": input gradient count");
        for (int i = options.inputGradient() ? 0 : 1; i < n; i++) {
            final int which = i;
            double[] numeric = numericGradient(all[i], 1e-6, v -> {
                double[][] copy = Arrays.copyOf(all, all.length);
                copy[which] = v;
                List<double[]> r = reference.apply(copy);
                double objective = 0;
                for (int k = 0; k < r.size(); k++) {
                    objective += dot(weights.get(k), r.get(k));
                }
                return objective;
            });
            float[] analytic = i == 0 ? dInputs.get(0).buffer()
                    : i <= ps.size() ? ps.get(i - 1).grad() : dInputs.get(i - ps.size()).buffer();
            assertClose(what + " " + names[i], numeric, analytic, 1e-3, 2e-5);
        }
        return pass;
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
