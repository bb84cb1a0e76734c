package dev.engram.io.onnx;

import dev.engram.activations.Activations;
import dev.engram.layers.EinsumDenseConfig;
import dev.engram.layers.Layers;
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
    }
}
