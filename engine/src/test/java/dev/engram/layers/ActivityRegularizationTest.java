package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ActivityRegularization: the identity in both passes, a mask passes through, and the layer's activity
 * regularizer is its configuration's (the model adds the penalty and its gradient; the gradient check
 * of the penalised loss is in {@code models.ActivityRegularizerTest}).
 */
class ActivityRegularizationTest extends LayerContractTest {
    private static final ActivityRegularizer L1L2 = ActivityRegularizer.batchMean(Regularizers.l1l2(0.01, 0.02));

    @Override
    protected Spec spec() {
        return spec(Layers.activityRegularization(L1L2).inputShape(3, 4), Shape.of(3, 4));
    }

    @Test
    void theIdentityWhoseActivityRegularizerIsItsConfigs() {
        Layer l = Layers.activityRegularization(L1L2).create("reg");
        l.build(Shape.of(3, 4), new SplittableRandom(1));
        assertSame(L1L2, l.activityRegularizer());
        Tensor x = Tensor.wrap(Shape.of(2, 3, 4), Numeric.randomFloats(24, 3, 1));
        assertSame(x, l.call(x));
        ForwardPass pass = l.forward(x, new TrainingContext(new SplittableRandom(2)));
        Tensor dy = Tensor.wrap(x.shape(), Numeric.randomFloats(24, 4, 1));
        assertSame(dy, pass.backward(dy), "the layer's own backward is the identity; the model adds the penalty's");
        Tensor mask = Tensor.of(Shape.of(2, 3), new float[] {1, 1, 0, 1, 0, 0});
        assertSame(mask, l.computeMask(List.of(x), mask));
    }

    @Test
    void anotherRegularizerReplacesTheLayersOwn() {
        ActivityRegularizer sum = ActivityRegularizer.of(Regularizers.l2(0.5));
        ActivityRegularizationConfig c = Layers.activityRegularization(L1L2).withName("r");
        assertEquals(new ActivityRegularizationConfig(sum, "r", null), c.withActivityRegularizer(sum));
        assertThrows(NullPointerException.class, () -> c.withActivityRegularizer(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ActivityRegularizedConfig(c, sum));
        assertTrue(e.getMessage().contains("already has an activity regularizer"), e.getMessage());
    }
}
