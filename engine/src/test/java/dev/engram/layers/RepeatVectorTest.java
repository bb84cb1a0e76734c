package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RepeatVector: the layer contract and the gradient check against a double reference. */
class RepeatVectorTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.repeatVector(3).inputShape(4), Shape.of(3, 4));
    }

    @ParameterizedTest(name = "RepeatVector({2}) B{0} F{1}")
    @MethodSource("repeatCases")
    void repeatVector(int batch, int features, int n) {
        Layer layer = Layers.repeatVector(n).create("rv");
        layer.build(Shape.of(features), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(batch, features), randomFloats(batch * features, 4, 1));
        LayerGradientCheck.check("rv", layer, x, null, Options.RANDOM_PARAMETERS, a -> {
            double[] y = new double[batch * n * features];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < n; t++) {
                    for (int f = 0; f < features; f++) {
                        y[(b * n + t) * features + f] = a[0][b * features + f];
                    }
                }
            }
            return List.of(y);
        });
    }

    static Stream<Arguments> repeatCases() {
        return Stream.of(Arguments.of(2, 3, 4), Arguments.of(1, 1, 1), Arguments.of(3, 2, 2));
    }
}
