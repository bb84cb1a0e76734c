package dev.engram.layers;

import dev.engram.testing.LayerContractTest;
import static dev.engram.testing.Numeric.assertClose;
import static dev.engram.testing.Numeric.dot;
import static dev.engram.testing.Numeric.numericGradient;
import static dev.engram.testing.Numeric.randomFloats;
import static dev.engram.testing.Numeric.toDouble;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ReferenceLstm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the fused LSTM against the double-precision six-equation reference: forward outputs at
 * rtol 1e-5, and every gradient (kernel, recurrent kernel, bias, input) against central differences
 * of the reference in double precision with step 1e-6, at the bound |analytic - numeric| <= 1e-3 *
 * |numeric| + 2e-5 (the analytic side is float32).
 */
class LstmGradientTest extends LayerContractTest {
    @Override
    protected LayerConfig config() {
        return Layers.lstm(3).inputShape(4, 2);
    }

    @Override
    protected Shape expectedOutputShape() {
        return Shape.of(3);
    }

    @Override
    protected List<Weight> expectedWeights() {
        return List.of(weight("kernel", 2, 12), weight("recurrentKernel", 3, 12), weight("bias", 12));
    }

    private static final double RTOL = 1e-3;
    private static final double ATOL = 2e-5;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] sizes = {{1, 1, 1, 1}, {2, 3, 2, 4}, {3, 5, 3, 2}, {1, 4, 2, 3}};
        int n = 0;
        for (boolean returnSequences : new boolean[] {false, true}) {
            for (boolean goBackwards : new boolean[] {false, true}) {
                for (boolean returnState : new boolean[] {false, true}) {
                    for (boolean useBias : new boolean[] {true, false}) {
                        int[] s = sizes[n % sizes.length];
                        boolean hard = n % 2 == 0;
                        out.add(Arguments.of(s[0], s[1], s[2], s[3], returnSequences, goBackwards, returnState,
                                useBias, hard ? "hardSigmoid" : "sigmoid", n % 3 == 2 ? "relu" : "tanh"));
                        n++;
                    }
                }
            }
        }
        return out.stream();
    }

    private static Activation activation(String name) {
        return switch (name) {
            case "hardSigmoid" -> Activations.hardSigmoid();
            case "sigmoid" -> Activations.sigmoid();
            case "relu" -> Activations.relu();
            default -> Activations.tanh();
        };
    }

    @ParameterizedTest(name = "B{0} T{1} F{2} u{3} seq={4} back={5} state={6} bias={7} rec={8} act={9}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(int batch, int steps, int features, int units,
            boolean returnSequences, boolean goBackwards, boolean returnState, boolean useBias,
            String recName, String actName) {
        Activation rec = activation(recName);
        Activation act = activation(actName);
        Layer layer = Layers.lstm(units).withReturnSequences(returnSequences).withGoBackwards(goBackwards)
                .withReturnState(returnState).withUseBias(useBias).withRecurrentActivation(rec)
                .withActivation(act).create("lstm");
        layer.build(Shape.of(steps, features), new SplittableRandom(3));
        List<Parameter> ps = layer.parameters();
        long seed = 11;
        for (Parameter p : ps) {
            p.assign(Tensor.wrap(p.shape(), randomFloats(p.shape().size(), seed++, 0.8)));
        }
        float[] x = randomFloats(batch * steps * features, 99, 1.5);
        Tensor input = Tensor.wrap(Shape.of(batch, steps, features), x);

        ForwardPass pass = layer.forward(input, new TrainingContext(new SplittableRandom(1)));
        List<Tensor> outs = pass.outputs();
        List<Tensor> grads = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            float[] w = randomFloats(outs.get(i).size(), 500 + i, 1.0);
            grads.add(Tensor.wrap(outs.get(i).shape(), w));
            weights.add(toDouble(w));
        }
        ps.forEach(Parameter::zeroGrad);
        Tensor dx = pass.backward(grads);

        double[] k = toDouble(ps.get(0).data());
        double[] r = toDouble(ps.get(1).data());
        double[] b = useBias ? toDouble(ps.get(2).data()) : null;
        double[] xd = toDouble(x);
        ReferenceLstm.Result ref = reference(xd, batch, steps, features, units, k, r, b, act, rec,
                goBackwards, returnSequences);
        assertClose("output", ref.output(), outs.get(0).buffer(), 1e-5, 1e-6);
        if (returnState) {
            assertClose("last h", ref.lastH(), outs.get(1).buffer(), 1e-5, 1e-6);
            assertClose("last c", ref.lastC(), outs.get(2).buffer(), 1e-5, 1e-6);
        }

        java.util.function.ToDoubleFunction<double[][]> objective = all -> {
            ReferenceLstm.Result res = reference(all[0], batch, steps, features, units, all[1], all[2], all[3],
                    act, rec, goBackwards, returnSequences);
            double v = dot(weights.get(0), res.output());
            if (returnState) {
                v += dot(weights.get(1), res.lastH()) + dot(weights.get(2), res.lastC());
            }
            return v;
        };
        double[][] all = {xd, k, r, b};
        String[] names = {"dx", "dKernel", "dRecurrentKernel", "dBias"};
        float[][] analytic = {dx.buffer(), ps.get(0).grad(), ps.get(1).grad(), useBias ? ps.get(2).grad() : null};
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null) {
                continue;
            }
            final int which = i;
            double[] numeric = numericGradient(all[i], 1e-6, v -> {
                double[][] copy = Arrays.copyOf(all, all.length);
                copy[which] = v;
                return objective.applyAsDouble(copy);
            });
            assertClose(names[i], numeric, analytic[i], RTOL, ATOL);
        }
    }

    private static ReferenceLstm.Result reference(double[] x, int batch, int steps, int features, int units,
            double[] k, double[] r, double[] b, Activation act, Activation rec, boolean goBackwards,
            boolean returnSequences) {
        return ReferenceLstm.run(x, batch, steps, features, units, k, r, b, act::value, rec::value, goBackwards,
                returnSequences);
    }
}
