package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.ActivationTestCases;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import dev.engram.testing.ReferenceDense;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Activation layer: the layer contract and gradient checks against a double reference. */
class ActivationLayerTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.activation(Activations.tanh()).inputShape(3, 4), Shape.of(3, 4));
    }

    @ParameterizedTest(name = "Activation({0})")
    @MethodSource("activationNames")
    void activationLayer(String name) {
        Activation act = ActivationTestCases.named(name);
        Layer layer = Layers.activation(act).create("act");
        layer.build(Shape.of(3, 4), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), randomFloats(24, 6, 2));
        double[] eye = new double[16];
        for (int i = 0; i < 4; i++) {
            eye[i * 4 + i] = 1;
        }
        LayerGradientCheck.check("act", layer, x, null, Options.RANDOM_PARAMETERS, a -> List.of(ReferenceDense.run(a[0], eye, null, 6, 4, 4,
                act)));
    }

    static Stream<String> activationNames() {
        return Stream.of("tanh", "sigmoid", "softmax");
    }
}
