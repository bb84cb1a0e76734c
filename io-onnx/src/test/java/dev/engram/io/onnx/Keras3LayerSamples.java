package dev.engram.io.onnx;

import dev.engram.activations.Activations;
import dev.engram.layers.AugmentationKind;
import dev.engram.layers.EinsumDenseConfig;
import dev.engram.layers.ImageAugmentationConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.RandomCropConfig;
import dev.engram.layers.RandomCropInference;
import dev.engram.layers.RmsNormalizationConfig;
import dev.engram.models.Network;
import dev.engram.tensor.Shape;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sample models for the emitters of the Keras layers outside TF.js (EinsumDense, RMSNormalization, the
 * augmentation layers), one per config type, each exercising the non-default options.
 */
final class Keras3LayerSamples {
    private Keras3LayerSamples() {
    }

    static void addTo(Map<Class<?>, Map.Entry<String, Supplier<Network>>> m) {
        // The transformer projections, a transposing equation with a shared label, and elided leading axes.
        m.put(EinsumDenseConfig.class, Map.entry("einsum_dense", () -> NetworkModels.seq(
                Layers.einsumDense("abc,cde->abde", Shape.UNKNOWN, 2, 3).withBiasAxes("de")
                        .withActivation(Activations.tanh()).inputShape(4, 5),
                Layers.einsumDense("abcd,cde->abe", Shape.UNKNOWN, 3).withBiasAxes("e"),
                Layers.einsumDense("abc,dc->adb", 6, Shape.UNKNOWN).withBiasAxes("d"),
                Layers.einsumDense("abc,bcd->abd", Shape.UNKNOWN, 2).withBiasAxes("bd"),
                Layers.einsumDense("...b,bc->...c", 3))));
        m.put(RmsNormalizationConfig.class, Map.entry("rms_normalization", () -> NetworkModels.seq(
                Layers.rmsNormalization().withEpsilon(1e-3).inputShape(4, 5), Layers.rmsNormalization().withAxes(-2, -1))));
        m.put(ImageAugmentationConfig.class, Map.entry("image_augmentation", () -> NetworkModels.seq(
                Layers.imageAugmentation(AugmentationKind.FLIP).inputShape(4, 5, 2),
                Layers.imageAugmentation(AugmentationKind.ROTATION), Layers.dense(3))));
        // tf-keras's centre-crop resize to a narrower aspect, then Keras 3's unchanged input
        m.put(RandomCropConfig.class, Map.entry("random_crop", () -> NetworkModels.seq(
                Layers.randomCrop(3, 2).inputShape(5, 6, 2),
                Layers.randomCrop(2, 2).withInference(RandomCropInference.UNCHANGED), Layers.dense(2))));
    }
}
