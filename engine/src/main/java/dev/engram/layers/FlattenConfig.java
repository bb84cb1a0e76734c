package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Flatten} layer. Create with {@link Layers#flatten()}; channels-last by
 * default (TF.js and Keras).
 *
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 * @param dataFormat channels-first moves the channel axis last before flattening (Keras and TF.js
 *                   {@code data_format}), so the flat order is that of the channels-last image
 */
public record FlattenConfig(String name, Shape inputShape, DataFormat dataFormat) implements LayerConfig<FlattenConfig> {

    /**
     * Validates the fields.
     *
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     * @param dataFormat where the channel axis is
     */
    public FlattenConfig {
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    /**
     * A channels-last Flatten.
     *
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public FlattenConfig(String name, Shape inputShape) {
        this(name, inputShape, DataFormat.CHANNELS_LAST);
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public FlattenConfig withDataFormat(DataFormat f) {
        return new FlattenConfig(name, inputShape, f);
    }

    @Override
    public FlattenConfig withIdentity(LayerIdentity id) {
        return new FlattenConfig(id.name(), id.inputShape(), dataFormat);
    }

    @Override
    public String defaultNamePrefix() {
        return "flatten";
    }

    @Override
    public Layer create(String layerName) {
        return new Flatten(layerName, this);
    }
}
