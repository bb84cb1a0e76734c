package dev.engram.layers;

/**
 * Where output pixel {@code i} of a resize samples an input of {@code n} pixels when the output has
 * {@code m} (TensorFlow's resize coordinate modes). The peers differ: Keras (TensorFlow 2's
 * {@code tf.image.resize}) uses {@link #HALF_PIXEL}; TF.js 4.22's {@code Resizing} layer passes
 * {@code !cropToAspectRatio} as {@code alignCorners}, so it samples with {@link #ALIGN_CORNERS} by
 * default and {@link #ASYMMETRIC} when {@code cropToAspectRatio} is set (it never crops), and its
 * {@code CenterCrop} enlarges with {@link #ASYMMETRIC}.
 */
public enum ResizeSampling {
    /** {@code (i + 0.5) * n / m - 0.5} (nearest: {@code floor((i + 0.5) * n / m)}). */
    HALF_PIXEL,
    /** {@code i * (n - 1) / (m - 1)}, 0 when {@code m == 1} (nearest: rounded). */
    ALIGN_CORNERS,
    /** {@code i * n / m} (nearest: {@code floor}). */
    ASYMMETRIC
}
