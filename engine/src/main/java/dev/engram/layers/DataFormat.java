package dev.engram.layers;

/**
 * Where the channel axis of a sequence sits (Keras {@code data_format}). TF.js and Keras default to
 * {@link #CHANNELS_LAST}; Keras 3 also reads {@link #CHANNELS_FIRST} for pooling and padding layers.
 */
public enum DataFormat {
    /** {@code [batch, steps, channels]}. */
    CHANNELS_LAST,
    /** {@code [batch, channels, steps]}. */
    CHANNELS_FIRST;

    /**
     * The per-sample axis (0-based, batch excluded) that holds the steps of a rank-2 sample.
     *
     * @return 0 for channels-last, 1 for channels-first
     */
    public int stepAxis() {
        return this == CHANNELS_LAST ? 0 : 1;
    }
}
