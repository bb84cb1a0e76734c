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

    /** Shared by the element-wise merges: two [3, 4] inputs to [3, 4]. */
    abstract static class ElementwiseContract extends LayerContractTest {
        @Override
        protected List<Shape> inputShapes() {
            return List.of(Shape.of(3, 4), Shape.of(3, 4));
        }

        @Override
        protected Shape expectedOutputShape() {
            return Shape.of(3, 4);
        }

        @Override
        protected List<Weight> expectedWeights() {
            return List.of();
        }
    }

    /** Concatenate: [3, 4] and [3, 2] to [3, 6]. */
    @Nested
    class ConcatenateContract extends LayerContractTest {
        @Override
        protected LayerConfig config() {
            return Layers.concatenate();
        }

        @Override
        protected List<Shape> inputShapes() {
            return List.of(Shape.of(3, 4), Shape.of(3, 2));
        }

        @Override
        protected Shape expectedOutputShape() {
            return Shape.of(3, 6);
        }

        @Override
        protected List<Weight> expectedWeights() {
            return List.of();
        }
    }

    /** Add. */
    @Nested
    class AddContract extends ElementwiseContract {
        @Override
        protected LayerConfig config() {
            return Layers.add();
        }
    }

    /** Multiply. */
    @Nested
    class MultiplyContract extends ElementwiseContract {
        @Override
        protected LayerConfig config() {
            return Layers.multiply();
        }
    }

    /** Average. */
    @Nested
    class AverageContract extends ElementwiseContract {
        @Override
        protected LayerConfig config() {
            return Layers.average();
        }
    }
}
