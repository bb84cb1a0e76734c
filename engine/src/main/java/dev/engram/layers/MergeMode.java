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
    AVERAGE
}
