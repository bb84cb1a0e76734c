package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The merge layers' contract (two inputs): Concatenate on the last axis, and the element-wise Add,
 * Multiply and Average. Their values and gradients are checked through the whole-graph gradient
 * test in {@code FunctionalModelTest}.
 */
class MergeTest {
    private static final List<Shape> SAME = List.of(Shape.of(3, 4), Shape.of(3, 4));

    /** Concatenate: [3, 4] and [3, 2] to [3, 6]. */
    @Nested
    class ConcatenateContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.concatenate(), List.of(Shape.of(3, 4), Shape.of(3, 2)), Shape.of(3, 6));
        }
    }

    /** Add: two [3, 4] inputs to [3, 4]. */
    @Nested
    class AddContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.add(), SAME, Shape.of(3, 4));
        }
    }

    /** Multiply: two [3, 4] inputs to [3, 4]. */
    @Nested
    class MultiplyContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.multiply(), SAME, Shape.of(3, 4));
        }
    }

    /** Average: two [3, 4] inputs to [3, 4]. */
    @Nested
    class AverageContract extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.average(), SAME, Shape.of(3, 4));
        }
    }
}
