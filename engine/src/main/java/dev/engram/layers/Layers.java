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

    /** A GRU with {@code units} hidden units and TF.js defaults (resetAfter false, hard-sigmoid gates). */
    public static GruConfig gru(int units) {
        return GruConfig.of(units);
    }

    /** A fully-connected recurrent layer (TF.js SimpleRNN) with {@code units} hidden units, tanh. */
    public static SimpleRnnConfig simpleRnn(int units) {
        return SimpleRnnConfig.of(units);
    }

    /** Dropout with the given rate. */
    public static DropoutConfig dropout(double rate) {
        return DropoutConfig.of(rate);
    }

    /** Joins its inputs along the last axis. */
    public static MergeConfig concatenate() {
        return new MergeConfig(MergeMode.CONCATENATE, -1, null);
    }

    /** Joins its inputs along {@code axis} (negative counts from the end; 0 is the batch and not allowed). */
    public static MergeConfig concatenate(int axis) {
        return new MergeConfig(MergeMode.CONCATENATE, axis, null);
    }

    /** Element-wise sum of inputs of equal shape. */
    public static MergeConfig add() {
        return new MergeConfig(MergeMode.ADD, -1, null);
    }

    /** Element-wise product of inputs of equal shape. */
    public static MergeConfig multiply() {
        return new MergeConfig(MergeMode.MULTIPLY, -1, null);
    }

    /** Element-wise mean of inputs of equal shape. */
    public static MergeConfig average() {
        return new MergeConfig(MergeMode.AVERAGE, -1, null);
    }
}
