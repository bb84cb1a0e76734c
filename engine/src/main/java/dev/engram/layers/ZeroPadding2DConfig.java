package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link ZeroPadding2D} layer: the zero rows and columns added on each side of an image
 * (Keras and TF.js {@code ZeroPadding2D}). Create with {@link Layers#zeroPadding2d(int, int, int, int)}.
 *
 * @param top        rows at the top, {@code >= 0}
 * @param bottom     rows at the bottom, {@code >= 0}
 * @param left       columns on the left, {@code >= 0}
 * @param right      columns on the right, {@code >= 0}
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record ZeroPadding2DConfig(int top, int bottom, int left, int right, DataFormat dataFormat, String name,
        Shape inputShape) implements LayerConfig<ZeroPadding2DConfig> {

    /**
     * Validates the fields.
     *
     * @param top        rows at the top, {@code >= 0}
     * @param bottom     rows at the bottom, {@code >= 0}
     * @param left       columns on the left, {@code >= 0}
     * @param right      columns on the right, {@code >= 0}
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public ZeroPadding2DConfig {
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D sizes must be >= 0, got top " + top + ", bottom " + bottom
                    + ", left " + left + ", right " + right);
        }
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public ZeroPadding2DConfig withDataFormat(DataFormat f) {
        return new ZeroPadding2DConfig(top, bottom, left, right, f, name, inputShape);
    }

    /** The sizes before and after on spatial axis 0 (rows) or 1 (columns). */
    int before(int axis) {
        return axis == 0 ? top : left;
    }

    int after(int axis) {
        return axis == 0 ? bottom : right;
    }

    @Override
    public ZeroPadding2DConfig withIdentity(LayerIdentity id) {
        return new ZeroPadding2DConfig(top, bottom, left, right, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "zero_padding2d";
    }

    @Override
    public Layer create(String layerName) {
        return new ZeroPadding2D(layerName, this);
    }
}
