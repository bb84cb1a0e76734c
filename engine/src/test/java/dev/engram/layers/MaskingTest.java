package dev.engram.layers;

import static dev.engram.testing.Numeric.randomFloats;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Masking: the layer contract, the mask it computes and the gradient only through kept steps. */
class MaskingTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.masking(0.5).inputShape(4, 3), Shape.of(4, 3));
    }

    @Test
    void maskingZeroesMaskedStepsAndPassesGradientOnlyThroughKeptOnes() {
        Layer layer = Layers.masking(0.5).create("masking");
        layer.build(Shape.of(4, 3), new SplittableRandom(1));
        float[] v = randomFloats(2 * 4 * 3, 7, 1);
        // Sample 0 step 1 and sample 1 steps 0 and 3 are all maskValue; sample 1 step 2 only partly.
        for (int[] at : new int[][] {{0, 1}, {1, 0}, {1, 3}}) {
            java.util.Arrays.fill(v, (at[0] * 4 + at[1]) * 3, (at[0] * 4 + at[1] + 1) * 3, 0.5f);
        }
        v[(4 + 2) * 3] = 0.5f;
        Tensor x = Tensor.wrap(Shape.of(2, 4, 3), v);
        double[] keep = {1, 0, 1, 1, 0, 1, 1, 0};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1, 1, 0},
                layer.computeMask(List.of(x), null).buffer());
        LayerGradientCheck.check("masking", layer, x, null, Options.RANDOM_PARAMETERS, a -> {
            double[] y = new double[a[0].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = a[0][i] * keep[i / 3];
            }
            return List.of(y);
        });
    }
}
