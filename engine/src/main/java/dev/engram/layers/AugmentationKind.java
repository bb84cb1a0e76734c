package dev.engram.layers;

/**
 * What an {@link ImageAugmentation} layer does to its images in training. Each is a Keras preprocessing layer
 * that draws a random transformation only when called with {@code training=True} and returns its input
 * unchanged otherwise (read in tf-keras 2.18 {@code image_preprocessing.py} and each Keras 3.10
 * {@code image_preprocessing/*.py} {@code transform_images}); {@link RandomCropConfig} is apart because its
 * inference is not the identity in tf-keras.
 */
public enum AugmentationKind {
    /** {@code RandomFlip}: mirrors horizontally and/or vertically. */
    FLIP,
    /** {@code RandomRotation}. */
    ROTATION,
    /** {@code RandomZoom}. */
    ZOOM,
    /** {@code RandomTranslation}. */
    TRANSLATION,
    /** {@code RandomContrast}. */
    CONTRAST,
    /** {@code RandomBrightness}. */
    BRIGHTNESS,
    /** {@code RandomHeight} (tf-keras; TF.js applies it at inference too). */
    HEIGHT,
    /** {@code RandomWidth} (tf-keras; TF.js applies it at inference too). */
    WIDTH,
    /** {@code RandomShear} (Keras 3). */
    SHEAR,
    /** {@code RandomPerspective} (Keras 3). */
    PERSPECTIVE,
    /** {@code RandomElasticTransform} (Keras 3). */
    ELASTIC_TRANSFORM,
    /** {@code RandomErasing} (Keras 3). */
    ERASING,
    /** {@code RandomGaussianBlur} (Keras 3). */
    GAUSSIAN_BLUR,
    /** {@code RandomGrayscale} (Keras 3). */
    GRAYSCALE,
    /** {@code RandomHue} (Keras 3). */
    HUE,
    /** {@code RandomSaturation} (Keras 3). */
    SATURATION,
    /** {@code RandomSharpness} (Keras 3). */
    SHARPNESS,
    /** {@code RandomInvert} (Keras 3). */
    INVERT,
    /** {@code RandomPosterization} (Keras 3). */
    POSTERIZATION,
    /** {@code RandomColorDegeneration} (Keras 3). */
    COLOR_DEGENERATION,
    /** {@code RandomColorJitter} (Keras 3). */
    COLOR_JITTER,
    /** {@code Solarization} (Keras 3; random in training only). */
    SOLARIZATION,
    /** {@code Equalization} (Keras 3.10 equalizes only in training). */
    EQUALIZATION,
    /** {@code AugMix} (Keras 3). */
    AUG_MIX,
    /** {@code RandAugment} (Keras 3). */
    RAND_AUGMENT,
    /** {@code CutMix} (Keras 3; mixes images of a batch). */
    CUT_MIX,
    /** {@code MixUp} (Keras 3; mixes images of a batch). */
    MIX_UP
}
