package dev.engram.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The random augmentation layers as Keras computes them at inference: the identity (every kind), RandomCrop's
 * tf-keras centre-crop resize (against numbers tf-keras 2.18 printed) and Keras 3.10's unchanged input; training
 * through any of them refuses with the layer named, and fit does too rather than train without the augmentation.
 */
class AugmentationLayersTest {

    private static Tensor ramp(int... shape) {
        Shape s = Shape.of(shape);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.wrap(s, v);
    }

    @Test
    void everyAugmentationIsTheIdentityAtInference() {
        Tensor x = ramp(2, 4, 5, 3);
        for (AugmentationKind k : AugmentationKind.values()) {
            Layer l = Layers.imageAugmentation(k).withOptions(Map.of("factor", 0.2, "seed", 7L)).create("aug");
            assertEquals(Shape.of(4, 5, 3), l.build(Shape.of(4, 5, 3), new SplittableRandom(1)));
            assertSame(x, l.call(x), k.name());
        }
    }

    /** tf-keras 2.18 {@code RandomCrop(2, 3)} and {@code (4, 2)} on {@code arange(60).reshape(2, 5, 6, 1)}. */
    @Test
    void tfKerasRandomCropResizesTheCentredWindowOfItsAspectRatio() {
        Tensor x = ramp(2, 5, 6, 1);
        Layer wide = Layers.randomCrop(2, 3).create("crop");
        assertEquals(Shape.of(2, 3, 1), wide.build(Shape.of(5, 6, 1), new SplittableRandom(1)));
        float[] y = wide.call(x).toArray();
        assertArrayEquals(new float[] {3.5f, 5.5f, 7.5f, 15.5f, 17.5f, 19.5f}, java.util.Arrays.copyOf(y, 6), 1e-5f);
        Layer tall = Layers.randomCrop(4, 2).create("crop");
        tall.build(Shape.of(5, 6, 1), new SplittableRandom(1));
        assertArrayEquals(new float[] {2.75f, 3.75f, 10.25f, 11.25f, 17.75f, 18.75f, 25.25f, 26.25f},
                java.util.Arrays.copyOf(tall.call(x).toArray(), 8), 1e-5f);
    }

    @Test
    void keras3RandomCropReturnsItsInputUnchanged() {
        Tensor x = ramp(2, 5, 6, 1);
        Layer l = Layers.randomCrop(2, 3).withInference(RandomCropInference.UNCHANGED).create("crop");
        assertEquals(Shape.of(5, 6, 1), l.build(Shape.of(5, 6, 1), new SplittableRandom(1)));
        assertSame(x, l.call(x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.randomCrop(2, 3).withDataFormat(DataFormat.CHANNELS_FIRST));
        assertTrue(e.getMessage().contains("channels-last only"), e.getMessage());
    }

    @Test
    void fitRefusesRatherThanTrainWithoutTheAugmentationAndPredictWorks() {
        for (LayerConfig<?> aug : List.<LayerConfig<?>>of(Layers.imageAugmentation(AugmentationKind.FLIP)
                .withName("flip"), Layers.randomCrop(3, 3).withName("flip"))) {
            Sequential model = Sequential.of(aug.inputShape(3, 3, 2), Layers.flatten(), Layers.dense(1));
            model.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
            Tensor x = ramp(4, 3, 3, 2);
            Tensor y = Tensor.zeros(Shape.of(4, 1));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> model.fit(x, y, FitOptions.epochs(1)));
            assertTrue(e.getMessage().contains("layer 'flip'") && e.getMessage().contains("at random in training"),
                    e.getMessage());
            assertEquals(Shape.of(4, 1), model.predict(x).shape());
        }
    }

    @Nested
    class Augmentation extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.imageAugmentation(AugmentationKind.ROTATION).withOptions(Map.of("factor", 0.1,
                    "fill_mode", "reflect")).inputShape(4, 5, 3), Shape.of(4, 5, 3));
        }

        @Override
        protected boolean trains() {
            return false;
        }
    }

    @Nested
    class Crop extends LayerContractTest {
        @Override
        protected Spec spec() {
            return spec(Layers.randomCrop(2, 3).withSeed(5L).inputShape(4, 5, 3), Shape.of(2, 3, 3));
        }

        @Override
        protected boolean trains() {
            return false;
        }
    }
}
