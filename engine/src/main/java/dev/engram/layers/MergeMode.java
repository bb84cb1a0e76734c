package dev.engram.layers;

/** How a {@link Merge} layer combines its inputs. */
public enum MergeMode {
    /** Joins the inputs along an axis (Keras {@code Concatenate}). */
    CONCATENATE,
    /** Element-wise sum (Keras {@code Add}). */
    ADD,
    /** Element-wise product (Keras {@code Multiply}). */
    MULTIPLY,
    /** Element-wise mean (Keras {@code Average}). */
    AVERAGE,
    /** Element-wise difference of exactly two inputs, first minus second (Keras {@code Subtract}). */
    SUBTRACT,
    /** Element-wise maximum (Keras {@code Maximum}). */
    MAXIMUM,
    /** Element-wise minimum (Keras {@code Minimum}). */
    MINIMUM
}
