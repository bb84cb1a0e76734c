package dev.engram.layers;

/** How a pooling layer reduces a window: its mean or its maximum. */
public enum PoolingMode {
    /** The mean of the window (Keras {@code GlobalAveragePooling1D}). */
    AVERAGE,
    /** The maximum of the window (Keras {@code GlobalMaxPooling1D}). */
    MAX
}
