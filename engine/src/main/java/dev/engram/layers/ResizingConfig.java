package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Resizing} layer. Create with {@link Layers#resizing(int, int)}; the
 * defaults are TF.js 4.22's {@code tf.layers.resizing({height, width})}: bilinear, sampled with
 * aligned corners (TF.js passes {@code !cropToAspectRatio} as {@code alignCorners}), no crop,
 * channels-last. A Keras file sets {@link ResizeSampling#HALF_PIXEL} and may crop to the aspect ratio.
 *
 * @param height            output height, {@code > 0}
 * @param width             output width, {@code > 0}
 * @param interpolation     bilinear or nearest
 * @param sampling          where output pixels sample the input
 * @param cropToAspectRatio first crop the largest centred window of the target aspect ratio (Keras
 *                          {@code crop_to_aspect_ratio}: window height {@code min(h, int(w * height / width))},
 *                          width {@code min(w, int(h * width / height))}, at least 1, offsets halved down)
 * @param dataFormat        channels-last {@code [h, w, c]} or channels-first {@code [c, h, w]}
 * @param name              null for an automatic name
 * @param inputShape        per-sample input shape (first layer only)
 */
public record ResizingConfig(int height, int width, Interpolation interpolation, ResizeSampling sampling,
        boolean cropToAspectRatio, DataFormat dataFormat, String name, Shape inputShape)
        implements LayerConfig<ResizingConfig> {

    /**
     * Validates the sizes.
     *
     * @param height            output height
     * @param width             output width
     * @param interpolation     bilinear or nearest
     * @param sampling          the coordinate mode
     * @param cropToAspectRatio whether to crop to the aspect ratio first
     * @param dataFormat        the channel axis
     * @param name              null for an automatic name
     * @param inputShape        per-sample input shape (first layer only)
     */
    public ResizingConfig {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Resizing height and width must be > 0, got " + height + "x" + width);
        }
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(dataFormat, "dataFormat");
    }

    static ResizingConfig of(int height, int width) {
        return new ResizingConfig(height, width, Interpolation.BILINEAR, ResizeSampling.ALIGN_CORNERS, false,
                DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * With another interpolation.
     *
     * @param i bilinear or nearest
     * @return a copy
     */
    public ResizingConfig withInterpolation(Interpolation i) {
        return new ResizingConfig(height, width, i, sampling, cropToAspectRatio, dataFormat, name, inputShape);
    }

    /**
     * With another sampling mode.
     *
     * @param s the coordinate mode
     * @return a copy
     */
    public ResizingConfig withSampling(ResizeSampling s) {
        return new ResizingConfig(height, width, interpolation, s, cropToAspectRatio, dataFormat, name, inputShape);
    }

    /**
     * With or without the crop to the target aspect ratio.
     *
     * @param crop whether to crop first
     * @return a copy
     */
    public ResizingConfig withCropToAspectRatio(boolean crop) {
        return new ResizingConfig(height, width, interpolation, sampling, crop, dataFormat, name, inputShape);
    }

    /**
     * With another channel axis.
     *
     * @param f the data format
     * @return a copy
     */
    public ResizingConfig withDataFormat(DataFormat f) {
        return new ResizingConfig(height, width, interpolation, sampling, cropToAspectRatio, f, name, inputShape);
    }

    @Override
    public ResizingConfig withIdentity(LayerIdentity id) {
        return new ResizingConfig(height, width, interpolation, sampling, cropToAspectRatio, dataFormat, id.name(),
                id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "resizing";
    }

    @Override
    public Layer create(String layerName) {
        return new Resizing(layerName, this);
    }
}
