package dev.engram.layers;

/**
 * Entry point for layer configurations, named like TF.js's {@code tf.layers}:
 * {@code Layers.lstm(16).inputShape(1, 1)}, {@code Layers.dense(1)}.
 */
public final class Layers {
    private Layers() {
    }

    /** A fully connected layer with {@code units} outputs and TF.js defaults. */
    public static DenseConfig dense(int units) {
        return DenseConfig.of(units);
    }

    /** An LSTM with {@code units} hidden units and TF.js defaults. */
    public static LstmConfig lstm(int units) {
        return LstmConfig.of(units);
    }

    /** Dropout with the given rate. */
    public static DropoutConfig dropout(double rate) {
        return DropoutConfig.of(rate);
    }
}
