package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.activations.Activation;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dense forward against a double reference (rtol 1e-5) and its kernel, bias and input gradients
 * against central differences in double (bound 1e-3 * |numeric| + 2e-5), for several activations,
 * with and without bias, on 2-D and 3-D inputs, including batch 1.
 */
class DenseGradientTest extends LayerContractTest {
    @Override
    protected Spec spec() {
        return spec(Layers.dense(4).inputShape(5), Shape.of(4), weight("kernel", 5, 4), weight("bias", 4));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new int[] {1, 3}, 1, "linear", true),
                Arguments.of(new int[] {4, 5}, 3, "tanh", true),
                Arguments.of(new int[] {2, 3, 4}, 2, "sigmoid", false),
                Arguments.of(new int[] {3, 6}, 4, "softmax", true),
                Arguments.of(new int[] {5, 2}, 7, "elu", true),
                Arguments.of(new int[] {2, 2, 3}, 5, "softmax", false));
    }

    @ParameterizedTest(name = "input {0} units {1} {2} bias={3}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(int[] inputDims, int units, String actName, boolean useBias) {
        Activation act = ActivationTestCases.named(actName);
        Layer layer = Layers.dense(units).withActivation(act).withUseBias(useBias).create("dense");
        Shape inShape = Shape.of(inputDims);
        layer.build(inShape.dropFirst(), new SplittableRandom(5));
        int in = inputDims[inputDims.length - 1];
        int rows = inShape.size() / in;
        Tensor x = Tensor.wrap(inShape, randomFloats(inShape.size(), 7, 1.3));
        LayerGradientCheck.check("dense", layer, x, null, Options.randomParameters(40, 0.9).withCotangentSeed(8),
                a -> List.of(reference(a[0], a[1], useBias ? a[2] : null, rows, in, units, act)));
    }

    static double[] reference(double[] x, double[] k, double[] b, int rows, int in, int units, Activation act) {
        return dev.engram.testing.ReferenceDense.run(x, k, b, rows, in, units, act);
    }
}
