package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link TimeDistributed} wrapper: applies one layer to every time step. Create
 * with {@link Layers#timeDistributed(LayerConfig)}.
 *
 * @param layer      the layer applied at each step (single input, single output), e.g. Dense
 * @param name       null for an automatic name
 * @param inputShape per-sample shape {@code [timesteps, ...]} (first layer only)
 */
public record TimeDistributedConfig(LayerConfig layer, String name, Shape inputShape) implements LayerConfig {

    /**
     * Validates the fields.
     *
     * @param layer      the layer applied at each step (single input, single output), e.g. Dense
     * @param name       null for an automatic name
     * @param inputShape per-sample shape {@code [timesteps, ...]} (first layer only)
     */
    public TimeDistributedConfig {
        Objects.requireNonNull(layer, "layer");
        if (inputShape != null && inputShape.rank() < 2) {
            throw new IllegalArgumentException("TimeDistributed inputShape is [timesteps, ...] (rank >= 2), got "
                    + inputShape);
        }
    }

    /**
     * Wraps {@code layer}.
     *
     * @param layer the layer applied to each time step with shared weights
     * @return the configuration
     */
    public static TimeDistributedConfig of(LayerConfig layer) {
        return new TimeDistributedConfig(layer, null, null);
    }

    /**
     * With a fixed name.
     *
     * @param n the new {@code name}
     * @return a copy with {@code name} replaced
     */
    public TimeDistributedConfig withName(String n) {
        return new TimeDistributedConfig(layer, n, inputShape);
    }

    /**
     * With the per-sample input shape {@code [timesteps, ...]} (first layer only).
     *
     * @param dims the per-sample input shape, batch dimension excluded
     * @return a copy with the input shape set
     */
    public TimeDistributedConfig inputShape(int... dims) {
        return new TimeDistributedConfig(layer, name, Shape.of(dims));
    }

    @Override
    public String defaultNamePrefix() {
        return "time_distributed";
    }

    @Override
    public Layer create(String layerName) {
        return new TimeDistributed(layerName, this);
    }
}
