package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link CenterCrop} layer. Create with {@link Layers#centerCrop(int, int)}
 * (TF.js 4.22's behaviour, {@link CenterCropMode#STRETCH}, channels-last); Keras files read as
 * {@link CenterCropMode#PRESERVE_ASPECT}.
 *
 * @param height     output height, {@code > 0}
 * @param width      output width, {@code > 0}
 * @param mode       window placement and enlargement rule
 * @param dataFormat channels-last {@code [h, w, c]} or channels-first {@code [c, h, w]}
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record CenterCropConfig(int height, int width, CenterCropMode mode, DataFormat dataFormat, String name,
        Shape inputShape) implements LayerConfig<CenterCropConfig> {

    /**
     * Validates the sizes.
     *
     * @param height     output height
     * @param width      output width
     * @param mode       the placement rule
     * @param dataFormat the channel axis
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public CenterCropConfig {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("CenterCrop height and width must be > 0, got " + height + "x" + width);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    static CenterCropConfig of(int height, int width) {
        return new CenterCropConfig(height, width, CenterCropMode.STRETCH, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * With another placement rule.
     *
     * @param m the rule
     * @return a copy
     */
    public CenterCropConfig withMode(CenterCropMode m) {
        return new CenterCropConfig(height, width, m, dataFormat, name, inputShape);
    }

    /**
     * With another channel axis.
     *
     * @param f the data format
     * @return a copy
     */
    public CenterCropConfig withDataFormat(DataFormat f) {
        return new CenterCropConfig(height, width, mode, f, name, inputShape);
    }

    @Override
    public CenterCropConfig withIdentity(LayerIdentity id) {
        return new CenterCropConfig(height, width, mode, dataFormat, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "center_crop";
    }

    @Override
    public Layer create(String layerName) {
        return new CenterCrop(layerName, this);
    }
}
