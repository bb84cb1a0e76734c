package dev.engram.layers;

/**
 * How a {@link Bidirectional} layer combines the forward and the backward outputs (Keras and TF.js
 * {@code merge_mode}).
 */
public enum BidirectionalMergeMode {
    /** {@code [forward, backward]} joined on the last axis (the default). */
    CONCAT,
    /** {@code forward + backward}. */
    SUM,
    /** {@code forward ⊙ backward}. */
    MUL,
    /** {@code 0.5 · (forward + backward)}. */
    AVE,
    /** No merge: the two outputs are returned as two outputs, forward first. */
    NONE
}
