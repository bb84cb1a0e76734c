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
public record PermuteConfig(List<Integer> dims, String name, Shape inputShape) implements LayerConfig {

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

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public PermuteConfig withName(String n) {
        return new PermuteConfig(dims, n, inputShape);
    }

    /**
     * With the per-sample input shape (first layer only).
     *
     * @param d the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public PermuteConfig inputShape(int... d) {
        return new PermuteConfig(dims, name, Shape.of(d));
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
