package dev.engram.io.keras.internal;

import java.util.List;
import java.util.Objects;

/**
 * The weights a file stores for one layer, in the file's order.
 *
 * @param layerName the layer's name in the file (= the engine layer's name after import)
 * @param tensors   the weights; empty for weightless layers
 */
public record LayerWeights(String layerName, List<NamedTensor> tensors) {
    /**
     * Copies the list.
     *
     * @param layerName the layer's name in the file
     * @param tensors the weights in the file's order; copied
     */
    public LayerWeights {
        Objects.requireNonNull(layerName, "layerName");
        tensors = List.copyOf(tensors);
    }
}
