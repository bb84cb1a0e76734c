package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TimeDistributed: the layer contract, and the gradient check of TimeDistributed(Dense) against a double reference (T=1 and batch 1 among the cases). */
class TimeDistributedTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.timeDistributed(Layers.dense(2)).inputShape(3, 4), Shape.of(3, 2), weight("kernel", 4, 2),
                weight("bias", 2));
    }

    static Stream<Arguments> timeDistributedCases() {
        return Stream.of(Arguments.of(2, 3, 4, 2, "tanh"), Arguments.of(1, 1, 3, 3, "softmax"),
                Arguments.of(3, 2, 1, 1, "linear"));
    }

    @ParameterizedTest(name = "TimeDistributed(Dense({3}, {4})) B{0} T{1} F{2}")
    @MethodSource("timeDistributedCases")
    void timeDistributedDense(int batch, int steps, int features, int units, String act) {
        Layer layer = Layers.timeDistributed(Layers.dense(units).withActivation(ActivationTestCases.named(act))).create("td");
        layer.build(Shape.of(steps, features), new SplittableRandom(2));
        Tensor x = Tensor.wrap(Shape.of(batch, steps, features), randomFloats(batch * steps * features, 3, 1.1));
        LayerGradientCheck.check("td", layer, x, null, Options.RANDOM_PARAMETERS, a -> List.of(
                ReferenceDense.run(a[0], a[1], a[2], batch * steps, features, units, ActivationTestCases.named(act))));
    }
}
