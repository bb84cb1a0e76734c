package dev.engram.layers;

/** What a {@link RandomCrop} computes at inference; the two Keras generations differ. */
public enum RandomCropInference {
    /**
     * Keras 3.10: the input unchanged ({@code transform_images} crops only when training), although Keras
     * declares the cropped shape to the following layers.
     */
    UNCHANGED,
    /**
     * tf-keras 2.18: {@code smart_resize}, i.e. the largest centred window of the target aspect ratio resized
     * bilinearly (half-pixel centres) to {@code height x width}.
     */
    CENTER_CROP_RESIZE
}
