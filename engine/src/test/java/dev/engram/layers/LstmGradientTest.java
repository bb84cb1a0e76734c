package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.ReferenceLstm;
import java.util.ArrayList;
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
    protected Spec spec() {
        return spec(Layers.lstm(3).inputShape(4, 2), Shape.of(3), weight("kernel", 2, 12),
                weight("recurrentKernel", 3, 12), weight("bias", 12));
    }

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

    @ParameterizedTest(name = "B{0} T{1} F{2} u{3} seq={4} back={5} state={6} bias={7} rec={8} act={9}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(int batch, int steps, int features, int units,
            boolean returnSequences, boolean goBackwards, boolean returnState, boolean useBias,
            String recName, String actName) {
        Activation rec = ActivationTestCases.named(recName);
        Activation act = ActivationTestCases.named(actName);
        Layer layer = Layers.lstm(units).withReturnSequences(returnSequences).withGoBackwards(goBackwards)
                .withReturnState(returnState).withUseBias(useBias).withRecurrentActivation(rec)
                .withActivation(act).create("lstm");
        layer.build(Shape.of(steps, features), new SplittableRandom(3));
        Tensor input = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 99, 1.5));
        LayerGradientCheck.check("lstm", layer, input, null, Options.randomParameters(11, 0.8).withCotangentSeed(500), a -> {
            ReferenceLstm.Result ref = reference(a[0], batch, steps, features, units, a[1], a[2], useBias ? a[3] : null,
                    act, rec, goBackwards, returnSequences);
            return returnState ? List.of(ref.output(), ref.lastH(), ref.lastC()) : List.of(ref.output());
        });
    }

    private static ReferenceLstm.Result reference(double[] x, int batch, int steps, int features, int units,
            double[] k, double[] r, double[] b, Activation act, Activation rec, boolean goBackwards,
            boolean returnSequences) {
        return ReferenceLstm.run(x, batch, steps, features, units, k, r, b, act::value, rec::value, goBackwards,
                returnSequences);
    }
}
