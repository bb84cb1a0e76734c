package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link UpSampling2D} layer (Keras and TF.js {@code UpSampling2D} with
 * {@code interpolation "nearest"}, the default; bilinear is not supported). Create with
 * {@link Layers#upSampling2d(int, int)}; the peers' default size is 2 on both axes.
 *
 * @param rows       repetitions of every row, {@code > 0}
 * @param cols       repetitions of every column, {@code > 0}
 * @param dataFormat where the channel axis is
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record UpSampling2DConfig(int rows, int cols, DataFormat dataFormat, String name, Shape inputShape)
        implements LayerConfig<UpSampling2DConfig> {

    /**
     * Validates the fields.
     *
     * @param rows       repetitions of every row, {@code > 0}
     * @param cols       repetitions of every column, {@code > 0}
     * @param dataFormat where the channel axis is
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public UpSampling2DConfig {
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("UpSampling2D size must be > 0, got " + rows + " x " + cols);
        }
    }

    /**
     * With the channel axis position.
     *
     * @param f the new {@code dataFormat}
     * @return a copy with {@code dataFormat} replaced
     */
    public UpSampling2DConfig withDataFormat(DataFormat f) {
        return new UpSampling2DConfig(rows, cols, f, name, inputShape);
    }

    @Override
    public UpSampling2DConfig withIdentity(LayerIdentity id) {
        return new UpSampling2DConfig(rows, cols, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "up_sampling2d";
    }

    @Override
    public Layer create(String layerName) {
        return new UpSampling2D(layerName, this);
    }
}
