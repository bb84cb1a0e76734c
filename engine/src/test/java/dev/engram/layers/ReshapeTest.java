package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reshape: the layer contract and the gradient check (a row-major view, -1 inferred). */
class ReshapeTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.reshape(3, -1).inputShape(2, 3), Shape.of(3, 2));
    }

    @Test
    void reshapeIsARowMajorView() {
        Tensor x = Tensor.wrap(Shape.of(2, 2, 3), randomFloats(12, 5, 1));
        Layer reshape = Layers.reshape(3, -1).create("reshape");
        reshape.build(Shape.of(2, 3), new SplittableRandom(1));
        LayerGradientCheck.check("reshape", reshape, x, null, Options.RANDOM_PARAMETERS, a -> List.of(a[0].clone()));
        assertEquals(Shape.of(3, 2), reshape.outputShape());
    }
}
