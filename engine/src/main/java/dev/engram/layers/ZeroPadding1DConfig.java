package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link ZeroPadding1D} layer. Create with {@link Layers#zeroPadding1d(int, int)};
 * Keras's default is one zero step at each end, channels-last.
 *
 * @param padLeft    zero steps added at the start, {@code >= 0}
 * @param padRight   zero steps added at the end, {@code >= 0}
 * @param dataFormat where the channel axis is (channels-first: Keras 3 only)
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record ZeroPadding1DConfig(int padLeft, int padRight, DataFormat dataFormat, String name, Shape inputShape)
        implements LayerConfig<ZeroPadding1DConfig> {

    /**
     * Validates the padding.
     *
     * @param padLeft    zero steps added at the start, {@code >= 0}
     * @param padRight   zero steps added at the end, {@code >= 0}
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public ZeroPadding1DConfig {
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("ZeroPadding1D padding must be >= 0, got (" + padLeft + ", "
                    + padRight + ")");
        }
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public ZeroPadding1DConfig withDataFormat(DataFormat f) {
        return new ZeroPadding1DConfig(padLeft, padRight, f, name, inputShape);
    }

    @Override
    public ZeroPadding1DConfig withIdentity(LayerIdentity id) {
        return new ZeroPadding1DConfig(padLeft, padRight, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "zero_padding1d";
    }

    @Override
    public Layer create(String layerName) {
        return new ZeroPadding1D(layerName, this);
    }
}
