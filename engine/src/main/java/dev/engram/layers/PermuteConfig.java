package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.List;

/**
 * Configuration of a {@link Permute} layer. Create with {@link Layers#permute(int...)}.
 *
 * @param dims       a permutation of {@code 1..rank} (1-based, batch excluded, as in Keras and TF.js):
 *                   output axis {@code i} is input axis {@code dims[i]}
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record PermuteConfig(List<Integer> dims, String name, Shape inputShape) implements LayerConfig<PermuteConfig> {

    /**
     * Validates that {@code dims} is a permutation of {@code 1..dims.size()}.
     *
     * @param dims       a permutation of {@code 1..rank}
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public PermuteConfig {
        dims = List.copyOf(dims);
        boolean[] seen = new boolean[dims.size() + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.size() || seen[d]) {
                throw new IllegalArgumentException("Permute dims must be a permutation of 1.." + dims.size()
                        + " (1-based, batch excluded), got " + dims);
            }
            seen[d] = true;
        }
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("Permute dims must not be empty");
        }
    }

    @Override
    public PermuteConfig withIdentity(LayerIdentity id) {
        return new PermuteConfig(dims, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "permute";
    }

    @Override
    public Layer create(String layerName) {
        return new Permute(layerName, this);
    }
}
