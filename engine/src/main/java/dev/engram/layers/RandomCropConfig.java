package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link RandomCrop} layer (Keras {@code RandomCrop}; not in TF.js 4.22). Create with
 * {@link Layers#randomCrop(int, int)}.
 *
 * @param height     the crop's height, {@code > 0}
 * @param width      the crop's width, {@code > 0}
 * @param inference  what the layer computes at inference (the file's Keras generation decides); default
 *                   {@link RandomCropInference#CENTER_CROP_RESIZE}
 * @param dataFormat channels-last (default) or channels-first images; the centre-crop resize is channels-last only,
 *                   as tf-keras is
 * @param seed       the file's random seed (kept for writing it back), or null
 * @param name       null for an automatic name
 * @param inputShape per-sample input shape (first layer only)
 */
public record RandomCropConfig(int height, int width, RandomCropInference inference, DataFormat dataFormat, Long seed,
        String name, Shape inputShape) implements LayerConfig<RandomCropConfig> {

    /**
     * Validates the fields.
     *
     * @param height     the crop's height
     * @param width      the crop's width
     * @param inference  what inference computes
     * @param dataFormat the channel axis
     * @param seed       the seed, or null
     * @param name       null for an automatic name
     * @param inputShape per-sample input shape (first layer only)
     */
    public RandomCropConfig {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("RandomCrop height and width must be > 0, got " + height + "x" + width);
        }
        Objects.requireNonNull(inference, "inference");
        Objects.requireNonNull(dataFormat, "dataFormat");
        if (inference == RandomCropInference.CENTER_CROP_RESIZE && dataFormat != DataFormat.CHANNELS_LAST) {
            throw new IllegalArgumentException("RandomCrop's centre-crop resize at inference is tf-keras's, which is"
                    + " channels-last only");
        }
    }

    /**
     * With another inference.
     *
     * @param i what the layer computes at inference
     * @return a copy
     */
    public RandomCropConfig withInference(RandomCropInference i) {
        return new RandomCropConfig(height, width, i, dataFormat, seed, name, inputShape);
    }

    /**
     * With another channel axis.
     *
     * @param f channels-last or channels-first
     * @return a copy
     */
    public RandomCropConfig withDataFormat(DataFormat f) {
        return new RandomCropConfig(height, width, inference, f, seed, name, inputShape);
    }

    /**
     * With the seed a writer saves.
     *
     * @param s the seed, or null
     * @return a copy
     */
    public RandomCropConfig withSeed(Long s) {
        return new RandomCropConfig(height, width, inference, dataFormat, s, name, inputShape);
    }

    /**
     * The resize this layer computes at inference, or null when it returns its input unchanged.
     *
     * @return a Resizing config (bilinear, half-pixel, cropped to the aspect ratio), or null
     */
    public ResizingConfig inferenceResize() {
        return inference == RandomCropInference.UNCHANGED ? null : new ResizingConfig(height, width,
                Interpolation.BILINEAR, ResizeSampling.HALF_PIXEL, true, dataFormat, null, null);
    }

    @Override
    public RandomCropConfig withIdentity(LayerIdentity id) {
        return new RandomCropConfig(height, width, inference, dataFormat, seed, id.name(), id.inputShape());
    }

    @Override
    public String defaultNamePrefix() {
        return "random_crop";
    }

    @Override
    public Layer create(String layerName) {
        return new RandomCrop(layerName, this);
    }
}
