package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flatten: the layer contract and the gradient check (a row-major view). */
class FlattenTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.flatten().inputShape(2, 3), Shape.of(6));
    }

    @Test
    void flattenIsARowMajorView() {
        Layer flatten = Layers.flatten().create("flatten");
        flatten.build(Shape.of(2, 3), new SplittableRandom(1));
        Tensor x = Tensor.wrap(Shape.of(2, 2, 3), randomFloats(12, 5, 1));
        LayerGradientCheck.check("flatten", flatten, x, null, Options.RANDOM_PARAMETERS, a -> List.of(a[0].clone()));
    }

    /** Keras flattens a rank-2 input to itself (TF.js refuses it; its writer says so). */
    @Test
    void aRankTwoInputPassesThrough() {
        Layer flatten = Layers.flatten().create("flatten");
        flatten.build(Shape.of(5), new SplittableRandom(1));
        assertEquals(Shape.of(5), flatten.outputShape());
        Tensor x = Tensor.wrap(Shape.of(2, 5), randomFloats(10, 6, 1));
        assertArrayEquals(x.toArray(), flatten.call(x).toArray());
    }
}
