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
public record TimeDistributedConfig(LayerConfig<?> layer, String name, Shape inputShape)
        implements LayerConfig<TimeDistributedConfig> {

    /**
     * Validates the fields.
     *
     * @param layer      the layer applied at each step (single input, single output), e.g. Dense
     * @param name       null for an automatic name
     * @param inputShape per-sample shape {@code [timesteps, ...]} (first layer only)
     */
    public TimeDistributedConfig {
        Objects.requireNonNull(layer, "layer");
        if (layer instanceof ActivityRegularizedConfig) {
            throw ActivityRegularizedConfig.notInWrapper("TimeDistributed");
        }
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
    public static TimeDistributedConfig of(LayerConfig<?> layer) {
        return new TimeDistributedConfig(layer, null, null);
    }

    @Override
    public TimeDistributedConfig withIdentity(LayerIdentity id) {
        return new TimeDistributedConfig(layer, id.name(), id.inputShape());
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
