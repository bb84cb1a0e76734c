package dev.engram.layers;

/** How {@link Resizing} computes an output pixel from the input pixels around its sample position. */
public enum Interpolation {
    /** Weighted mean of the four nearest pixels (TF.js and Keras default). */
    BILINEAR,
    /** The pixel the sample position falls in (half-pixel sampling) or rounds to (aligned corners). */
    NEAREST
}
