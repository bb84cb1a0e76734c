package dev.engram.layers;

/**
 * How {@link CenterCrop} places its window and what it does when the image is smaller than the
 * target; TF.js 4.22 and Keras differ in both.
 */
public enum CenterCropMode {
    /**
     * TF.js 4.22 (the default): the window starts at {@code floor((h - height) / 2)}, but at
     * column 1 when the image is exactly one pixel wider than the target; when either side is
     * smaller, the whole image is stretched to the target with bilinear
     * {@link ResizeSampling#ASYMMETRIC} sampling.
     */
    STRETCH,
    /**
     * Keras: the window starts at {@code floor((h - height) / 2)} and {@code floor((w - width) / 2)};
     * when either side is smaller, the centred window of the target aspect ratio is resized
     * bilinearly with {@link ResizeSampling#HALF_PIXEL} sampling ({@code smart_resize}).
     */
    PRESERVE_ASPECT
}
